// The scale log: `total` events of `orgCount` orgs over a year ending at `end`, as COPY text lines
// in log (record-time) order, streamed: memory holds only the stories still in flight.
import { EVENT_TYPES } from "../../../src/domain/events";
import { createRng } from "./rng";
import { DAY, type Draft, type Org, STORY_EVENT_TYPES, Story, dealStory, delayRecording, longDealStory, makeOrg } from "./stories";

export type Probes = {
  /** The largest org (about 20% of the log) and the entities the read probes use, all in it. */
  orgId: string;
  deal10: string;
  deal1000: string;
  deal10000: string;
};
export type LogPlan = { seed: string; total: number; orgCount: number; end: Date; spanDays: number };
export type OrgShare = { orgId: string; name: string; share: number };

/**
 * Org sizes follow a Zipf law whose exponent is solved so the largest org holds `top` of the
 * log (20% by default, as the issue asks): a few busy businesses, a long tail of small ones.
 */
export function orgShares(n: number, top = 0.2): number[] {
  const share1 = (s: number) => 1 / Array.from({ length: n }, (_, k) => (k + 1) ** -s).reduce((a, b) => a + b, 0);
  let lo = 0, hi = 3;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (share1(mid) < top) lo = mid;
    else hi = mid;
  }
  const w = Array.from({ length: n }, (_, k) => (k + 1) ** -lo);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}

/** The orgs of a seed, largest first, with their shares of the log (the same every time). */
export function planOrgs(seed: string, orgCount: number): { orgs: Org[]; shares: number[] } {
  const rng = createRng(`${seed}/orgs`);
  const shares = orgShares(orgCount);
  return { orgs: shares.map((share, i) => makeOrg(rng, i, Math.max(1, Math.min(40, Math.round(share * 150))))), shares };
}

/** COPY columns, in the order of each line. */
export const COPY_COLUMNS =
  "id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, created_at, entity_version";

type Line = { recordAt: number; story: number; i: number; text: string };

/**
 * Generates the log. `emit` receives lines in log order (each ends with a newline). Stories start
 * on a clock that runs over `spanDays` as events are produced, from `end − span`; the log stops at
 * exactly `total` events, in record order, so the stories in flight at that moment are open, as a
 * live business's are. `end` in the result is the record time of the last event (the log's "now",
 * within a few days of the planned end). Entity versions follow record order within each entity.
 */
export async function generateLog(
  plan: LogPlan,
  emit: (chunk: string[]) => Promise<void>,
): Promise<{ written: number; end: Date; orgs: OrgShare[]; probes: Probes }> {
  const unknown = STORY_EVENT_TYPES.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) throw new Error(`the scale log would write event types the catalog lacks: ${unknown.join(", ")}`);
  const { orgs, shares } = planOrgs(plan.seed, plan.orgCount);
  const cumulative: number[] = [];
  shares.reduce((acc, s, i) => (cumulative[i] = acc + s), 0);
  const pickOrg = (u: number) => {
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return orgs[lo]!;
  };

  const span = plan.spanDays * DAY;
  const start = plan.end.getTime() - span;
  const buckets = new Map<number, Line[]>();
  let storyNo = 0;
  const add = (story: Story) => {
    storyNo++;
    const drafts = [...story.drafts].sort((a, b) => a.recordAt - b.recordAt || a.seq - b.seq);
    const versions = new Map<string, number>();
    drafts.forEach((d, i) => {
      const v = (versions.get(d.entity.id) ?? 0) + 1;
      versions.set(d.entity.id, v);
      const day = Math.floor(d.recordAt / DAY);
      let bucket = buckets.get(day);
      if (!bucket) buckets.set(day, (bucket = []));
      bucket.push({ recordAt: d.recordAt, story: storyNo, i, text: copyLine(story.org.id, d, v) });
    });
    return drafts.length;
  };
  let written = 0;
  let last = start;
  let flushedDay = Math.floor(start / DAY) - 1;
  /** Writes every day before `day` in record order: no story started later records anything there. */
  const flushBefore = async (day: number) => {
    for (let d = flushedDay + 1; d < day && written < plan.total; d++) {
      flushedDay = d;
      const bucket = buckets.get(d);
      buckets.delete(d);
      if (!bucket) continue;
      bucket.sort((a, b) => a.recordAt - b.recordAt || a.story - b.story || a.i - b.i);
      const take = bucket.slice(0, plan.total - written);
      written += take.length;
      last = take.at(-1)?.recordAt ?? last;
      for (let k = 0; k < take.length; k += 5000) await emit(take.slice(k, k + 5000).map((l) => l.text));
    }
  };

  // The probes: long-running deals of the largest org, ending well before the log does.
  const big = orgs[0]!;
  const probeRng = createRng(`${plan.seed}/probes`);
  let created = 0;
  const probe = (n: number, from: number, to: number) => {
    const s = new Story(probeRng, big);
    const ref = longDealStory(s, n, from, to);
    created += add(s);
    return ref.id;
  };
  const probes: Probes = {
    orgId: big.id,
    deal10: probe(10, start + 0.8 * span, start + 0.85 * span),
    deal1000: probe(1000, start + DAY, start + 0.9 * span),
    deal10000: probe(10_000, start + DAY, start + 0.9 * span),
  };

  // Business stories on a clock driven by how many events exist so far (2% fast: the stories in
  // flight at the end are cut), until the log holds `total` events.
  const storyRng = createRng(`${plan.seed}/stories`);
  const pace = span / (plan.total * 1.02);
  while (written < plan.total) {
    const t = start + created * pace;
    await flushBefore(Math.floor(t / DAY));
    const s = new Story(storyRng, pickOrg(storyRng.next()));
    dealStory(s, t);
    delayRecording(s);
    created += add(s);
  }
  return {
    written,
    end: new Date(Math.ceil(last / 1000) * 1000),
    orgs: orgs.map((o, i) => ({ orgId: o.id, name: o.name, share: shares[i]! })),
    probes,
  };
}

/** COPY text format: tab-separated, `\N` for null, backslashes doubled (JSON escapes contain them). */
function copyLine(orgId: string, d: Draft, version: number): string {
  let payload = JSON.stringify(d.payload);
  if (payload.includes("\\")) payload = payload.replace(/\\/g, "\\\\");
  return `${d.id}\t${orgId}\t${d.type}\t${new Date(d.at).toISOString()}\t${d.actor.id}\t${d.actor.type}\t${d.entity.id}\t${d.entity.type}\t${payload}\t${new Date(d.recordAt).toISOString()}\t${version}\n`;
}
