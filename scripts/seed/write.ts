import type pg from "pg";
import type { SystemEventInput } from "~/domain/events";
import { appendEvents } from "~/server/events/append";
import { type OrgPlan, generateOrgEvents, planOrgs } from "./generate";
import { type SeededOrg, ensureOrg } from "./orgs";

export type SeedOptions = {
  seed: string;
  orgs: number;
  events: number;
  now: Date;
  /** Events per appendEvents call (≤ 1,000, the API's batch limit). */
  batchSize?: number;
  /** Batches in flight at once; the pool should have at least this many connections. */
  concurrency?: number;
  onOrg?: (org: SeededOrg) => void;
  onProgress?: (p: SeedProgress) => void;
};
export type SeedProgress = { done: number; total: number; appended: number; duplicates: number };
export type SeedResult = { orgs: SeededOrg[]; appended: number; duplicates: number };

/**
 * Seeds orgs and their events through the one append path. Each org's events are split into
 * lanes by entity, so an entity's events stay in order while lanes append concurrently; a
 * re-run with the same seed and `now` appends nothing (every event is a duplicate by id).
 */
export async function seedDatabase(pool: pg.Pool, opts: SeedOptions): Promise<SeedResult> {
  const batchSize = Math.min(1000, Math.max(1, opts.batchSize ?? 500));
  const concurrency = Math.max(1, opts.concurrency ?? 3);
  const plans = planOrgs(opts.seed, opts.orgs, opts.events);
  const progress: SeedProgress = { done: 0, total: opts.events, appended: 0, duplicates: 0 };
  const orgs: SeededOrg[] = [];
  const slots = semaphore(concurrency);
  const inFlight = new Set<Promise<void>>();
  for (const plan of plans) {
    const org = await ensureOrg(pool, plan);
    orgs.push(org);
    opts.onOrg?.(org);
    // Two orgs at most in memory: the next one's events are generated while this one drains.
    while (inFlight.size >= 2) await Promise.race(inFlight);
    const events = generateOrgEvents(opts.seed, plan, opts.now);
    const job: Promise<void> = appendOrg(pool, plan, events, { batchSize, concurrency, slots }, (results) => {
      progress.done += results.length;
      for (const r of results) if (r.duplicate) progress.duplicates++; else progress.appended++;
      opts.onProgress?.(progress);
    }).finally(() => inFlight.delete(job));
    inFlight.add(job);
    job.catch(() => undefined); // the failure surfaces through the race/all below, not as unhandled
  }
  await Promise.all(inFlight);
  return { orgs, appended: progress.appended, duplicates: progress.duplicates };
}

type Lanes = { batchSize: number; concurrency: number; slots: ReturnType<typeof semaphore> };

async function appendOrg(
  pool: pg.Pool, plan: OrgPlan, events: SystemEventInput[], lanes: Lanes, onBatch: (r: { duplicate: boolean }[]) => void,
) {
  const byLane: SystemEventInput[][] = Array.from({ length: lanes.concurrency }, () => []);
  for (const e of events) byLane[laneOf(e.primary_entity.id, lanes.concurrency)]!.push(e);
  await Promise.all(
    byLane.map(async (lane) => {
      for (let i = 0; i < lane.length; i += lanes.batchSize) {
        const batch = lane.slice(i, i + lanes.batchSize);
        onBatch(await lanes.slots.run(() => appendEvents(pool, { orgId: plan.orgId }, batch)));
      }
    }),
  );
}

/** FNV-1a of the entity id: all of an entity's events land in the same lane. */
function laneOf(id: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

function semaphore(n: number) {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (free > 0) free--;
      else await new Promise<void>((r) => waiting.push(r));
      try {
        return await fn();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    },
  };
}
