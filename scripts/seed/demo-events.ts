import type { Actor, SystemEventInput } from "~/domain/events";
import { delayRecording, inAppendOrder, numberInvoices } from "./arrange";
import { type OrgProfile, TRADES } from "./business";
import { clientIntroductions, newClient } from "./clients";
import { dealStory } from "./deal-story";
import { openTail } from "./demo-tail";
import { seededFaker } from "./faker";
import { createRng } from "./prng";
import { DAY, type Draft, HOUR, storyContext } from "./story-writer";

export const DEMO_ORG_NAME = "Demo Bakery";
export const DEMO_EMAIL = "demo@calm.local";

/** Events of settled past business; the open tail adds about thirty more. */
const HISTORY_EVENTS = 190;

/**
 * The demo bakery's log up to `now`: months of finished deals (every loop closed), then a tail
 * of open work (see demo-tail.ts). Times are relative to `now`, ids come from a fixed seed.
 * `owner` is the demo user, so their own actions show as theirs.
 */
export function demoEvents(now: Date, owner: Actor): SystemEventInput[] {
  const end = now.getTime();
  const rng = createRng("demo-bakery");
  const faker = seededFaker(rng);
  const profile: OrgProfile = {
    name: DEMO_ORG_NAME,
    trade: TRADES.find((t) => t.kind === "Bakery")!,
    currency: "EUR",
    leadsPerDay: 0.4,
    users: [owner, owner, { id: rng.uuid(), type: "user" }], // the owner does two thirds of the work
    system: { id: rng.uuid(), type: "system" },
  };
  const ctx = storyContext(rng, faker, profile, true);
  const kept: Draft[] = [];
  for (let cursor = end; kept.length < HISTORY_EVENTS; ) {
    cursor -= (-Math.log(1 - rng.next()) / profile.leadsPerDay) * DAY;
    dealStory(ctx, cursor, newClient(ctx));
    const story = ctx.drafts.splice(0);
    // Only finished stories: the open work is the tail's, so the dashboard stays readable.
    if (story.every((d) => d.at <= end - HOUR)) kept.push(...story);
  }
  openTail(ctx, end, () => newClient(ctx));
  kept.push(...ctx.drafts.splice(0));
  numberInvoices(kept);
  delayRecording(rng, kept);
  kept.push(...clientIntroductions(kept));
  return inAppendOrder(kept);
}
