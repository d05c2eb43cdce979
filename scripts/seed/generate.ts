import type { SystemEventInput } from "~/domain/events";
import { type OrgProfile, orgProfile } from "./business";
import { seededFaker } from "./faker";
import { orgEvents } from "./org-events";
import { createRng } from "./prng";

export type OrgPlan = { index: number; orgId: string; name: string; currency: OrgProfile["currency"]; events: number };

/**
 * The orgs a seed creates, with ids and names drawn from the seed and `totalEvents` split
 * unevenly (some businesses are busier) but exactly among them.
 */
export function planOrgs(seed: string, orgCount: number, totalEvents: number): OrgPlan[] {
  const split = createRng(`${seed}/split`);
  const weights = Array.from({ length: orgCount }, () => 0.5 + split.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((totalEvents * w) / sum));
  let rest = totalEvents - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % orgCount, rest--) counts[i]!++;
  return counts.map((events, index) => {
    const { orgId, profile } = orgIdentity(seed, index);
    return { index, orgId, name: profile.name, currency: profile.currency, events };
  });
}

function orgIdentity(seed: string, index: number) {
  const rng = createRng(`${seed}/org/${index}`);
  const orgId = rng.uuid();
  const profile = orgProfile(rng, seededFaker(rng));
  return { orgId, profile, rng };
}

/**
 * One org's events in append order: the same (seed, plan, now) always gives the same events
 * with the same ids. `now` is where the story ends; nothing occurs after it.
 */
export function generateOrgEvents(seed: string, plan: OrgPlan, now: Date): SystemEventInput[] {
  const { rng, profile } = orgIdentity(seed, plan.index);
  const stories = rng.fork("stories");
  return orgEvents(stories, seededFaker(stories), profile, plan.events, now.getTime());
}
