import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventOf, leadCreated, noteOn } from "../../../tests/helpers/events";
import { entityRows, loopRows, replayedLoopRows, unprojectedCount, versionMismatches } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendEvents } from "../events/append";
import { generateOrgEvents, planOrgs } from "../../../scripts/seed/generate";
import { loadCheckpoint } from "../subscriptions/checkpoint";
import { lockKeyOf } from "../subscriptions/lock";
import { runProjector } from "./open-loops-projector";
import { type RebuildProgress, rebuildProjection } from "./rebuild";
import { REBUILD } from "./tables";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const END = new Date("2026-11-20T12:00:00Z");

/** A seeded history (the demo seed's generator) appended batch by batch with the projector live. */
async function seededHistory() {
  const plans = planOrgs("rebuild-test", 3, 6000);
  const byOrg = plans.map((p) => ({ orgId: p.orgId, events: generateOrgEvents("rebuild-test", p, END) }));
  // The clock walks forward with the history, so live rows were derived at many different moments.
  let now = new Date(END.getTime() - 30 * 24 * 3_600_000);
  for (let i = 0; byOrg.some((o) => o.events.length > 0); i++) {
    for (const o of byOrg) {
      const batch = o.events.splice(0, 40 + (i % 7) * 30);
      if (batch.length > 0) await appendEvents(db.pool, { orgId: o.orgId }, batch);
    }
    now = new Date(Math.min(END.getTime(), now.getTime() + 6 * 3_600_000));
    const at = now;
    await runProjector(db.pool, () => at, { batchSize: 1 + ((i * 37) % 300) });
  }
  for (;;) {
    await runProjector(db.pool, () => END, { batchSize: 1000 });
    if ((await unprojectedCount(db.pool)) === 0) break;
  }
  return { loops: await loopRows(db.pool), entities: await entityRows(db.pool) };
}

describe("projections:rebuild", () => {
  it("ends identical to the live projection; interrupted after its first chunk, it resumes to the same result", async () => {
    // Text the first pass's COPY (fresh-rows.ts) must escape: in a display name, a stored state and a loop's close note.
    const tricky = 'back\\slash \\N\ttab\nnewline\r"quoted" \u00e9 \u2713';
    const orgId = planOrgs("rebuild-test", 3, 6000)[0]!.orgId;
    const followup = { type: "followup" as const, id: randomUUID() };
    await appendEvents(db.pool, { orgId }, [leadCreated({ occurred_at: "2026-11-01T09:00:00.000Z", payload: { name: tricky, source: "website" } })]);
    await appendEvents(db.pool, { orgId }, [eventOf("followup_scheduled", { entity: followup, occurred_at: "2026-11-02T08:00:00.000Z" })]);
    await appendEvents(db.pool, { orgId }, [eventOf("followup_dismissed", { entity: followup, occurred_at: "2026-11-03T08:00:00.000Z", payload: { reason: tricky } })]);
    const live = await seededHistory();
    expect(live.loops.some((l) => l.close_note === tricky)).toBe(true);
    expect(live.entities.some((e) => JSON.stringify(e).includes(JSON.stringify(tricky).slice(1, -1)))).toBe(true);
    expect(live.loops.length).toBeGreaterThan(500);
    expect(new Set(live.loops.map((l) => l.status))).toEqual(new Set(["active", "resolved", "dismissed"]));
    expect(live.loops.some((l) => l.close_note !== null)).toBe(true);
    expect(live.loops).toEqual(await replayedLoopRows(db.pool, END));

    const clock = () => END;
    const first = await rebuildProjection(db.pool, clock, { fresh: true, batchSize: 500 });
    expect(first.processed).toBe(6003);
    expect(await loopRows(db.pool)).toEqual(live.loops);
    expect(await entityRows(db.pool)).toEqual(live.entities);

    // Interrupted: the first folded chunk (whole entities, about 500 events) commits, then the process "dies".
    const seen: RebuildProgress[] = [];
    const interrupted = rebuildProjection(db.pool, clock, {
      fresh: true,
      batchSize: 500,
      onProgress: (p) => {
        seen.push(p);
        if (p.phase === "folding") throw new Error("interrupted");
      },
    });
    await expect(interrupted).rejects.toThrow("interrupted");
    // The log's size as Postgres knows it: counted where it was never analyzed nor vacuumed (so
    // here, where autovacuum is off), else its estimate, which autovacuum may have taken mid-way.
    const known = Number((await db.pool.query<{ n: string }>("SELECT reltuples::bigint::text AS n FROM pg_class WHERE oid = 'system_events'::regclass")).rows[0]!.n);
    expect(seen).toEqual([{ phase: "folding", processed: expect.any(Number), total: known < 0 ? 6003 : Math.max(known, seen[0]!.processed) }]);
    const firstChunk = seen[0]!.processed;
    expect(firstChunk).toBeGreaterThanOrEqual(500);
    expect(firstChunk).toBeLessThan(6003);
    const shadow = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${REBUILD.entities}`);
    expect(shadow.rows[0]!.n).toBeGreaterThan(0);
    // The live projection is untouched meanwhile.
    expect(await loopRows(db.pool)).toEqual(live.loops);

    const progress: RebuildProgress[] = [];
    const resumed = await rebuildProjection(db.pool, clock, { batchSize: 500, onProgress: (p) => progress.push(p) });
    expect(resumed.processed).toBe(6003);
    // It went on from the first chunk (starting over would report about 500 again).
    expect(progress[0]!.processed).toBeGreaterThanOrEqual(firstChunk + 500);
    expect(progress.at(-1)).toEqual({ phase: "done", processed: 6003, total: 6003 });
    expect(await loopRows(db.pool)).toEqual(live.loops);
    expect(await entityRows(db.pool)).toEqual(live.entities);
    expect(await db.pool.query(`SELECT 1 FROM ${REBUILD.loops}`).then((r) => r.rowCount)).toBe(0);
    expect((await loadCheckpoint(db.pool, REBUILD.subscriberId)).position).toBe(0);
  }, 120_000);

  it("folds what is appended while it runs (after its cut, in log order); the live tables keep their indexes and constraints", async () => {
    const shape = async () =>
      (
        await db.pool.query<{ def: string }>(
          `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid IN ('entities'::regclass, 'open_loops'::regclass)
           UNION ALL
           SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN ('entities'::regclass, 'open_loops'::regclass)
           ORDER BY 1`,
        )
      ).rows.map((r) => r.def);
    const before = await shape();
    expect(before.join("\n")).toContain("idx_open_loops_list");
    const orgId = (await db.pool.query<{ org_id: string }>("SELECT org_id FROM entities LIMIT 1")).rows[0]!.org_id;
    const deal = (await db.pool.query<{ id: string }>("SELECT id FROM entities WHERE org_id = $1 AND type = 'deal' LIMIT 1", [orgId])).rows[0]!;
    const lead = leadCreated({ occurred_at: "2026-11-19T09:00:00.000Z" });
    let appended: Promise<unknown> | null = null;
    await rebuildProjection(db.pool, () => END, {
      fresh: true,
      batchSize: 100,
      onProgress: () => {
        // While the first pass runs: an entity it may already have written, and a new one.
        appended ??= appendEvents(db.pool, { orgId }, [noteOn({ type: "deal", id: deal.id }, "during the rebuild"), lead]);
      },
    });
    await appended;
    // Committed while the first pass ran, so after its cut: the second pass (or the swap) folded them.
    expect(await unprojectedCount(db.pool)).toBe(0);
    expect(await loopRows(db.pool)).toEqual(await replayedLoopRows(db.pool, END));
    expect(await versionMismatches(db.pool)).toEqual([]);
    expect(await loopRows(db.pool, { orgId })).toContainEqual(expect.objectContaining({ opened_by_event_id: lead.id, type: "new_lead" }));
    expect(await shape()).toEqual(before);
  }, 120_000);

  it("when the live projection is behind (a log imported, the worker down), catches it up in its own batches before the swap", async () => {
    const behind = await unprojectedCount(db.pool); // whatever earlier tests left
    const orgId = randomUUID();
    const leads = Array.from({ length: 120 }, (_, i) => leadCreated({ occurred_at: new Date(END.getTime() - (i + 1) * 60_000).toISOString() }));
    await appendEvents(db.pool, { orgId }, leads);
    expect(await unprojectedCount(db.pool)).toBe(behind + 120);
    const progress: RebuildProgress[] = [];
    await rebuildProjection(db.pool, () => END, { fresh: true, batchSize: 50, onProgress: (p) => progress.push(p) });
    // The live projector ran over them itself, batch by batch, before the swap (whose one
    // transaction otherwise folded them all while holding both locks).
    const live = progress.filter((p) => p.phase === "live");
    expect(live[0]!.processed).toBe(0);
    expect(live.at(-1)!.processed).toBe(behind + 120);
    expect(progress.findIndex((p) => p.phase === "live")).toBeLessThan(progress.findIndex((p) => p.phase === "swapping"));
    expect(await unprojectedCount(db.pool)).toBe(0);
    expect(await loopRows(db.pool)).toEqual(await replayedLoopRows(db.pool, END));
    expect(await loopRows(db.pool, { orgId })).toEqual(expect.arrayContaining(leads.map((l) => expect.objectContaining({ opened_by_event_id: l.id }))));
  }, 120_000);

  it("reports the log's size as Postgres estimates it, rather than counting the log first; exact when done", async () => {
    await db.pool.query("ANALYZE system_events");
    const estimate = Number((await db.pool.query<{ n: string }>("SELECT reltuples::bigint::text AS n FROM pg_class WHERE oid = 'system_events'::regclass")).rows[0]!.n);
    const orgId = randomUUID();
    await appendEvents(db.pool, { orgId }, Array.from({ length: 7 }, () => leadCreated({ occurred_at: "2026-11-19T09:00:00.000Z" })));
    const events = Number((await db.pool.query<{ n: string }>("SELECT count(*)::text AS n FROM system_events")).rows[0]!.n);
    expect(events).toBe(estimate + 7);
    const progress: RebuildProgress[] = [];
    await rebuildProjection(db.pool, () => END, { fresh: true, batchSize: 1000, onProgress: (p) => progress.push(p) });
    const folding = progress.filter((p) => p.phase === "folding");
    expect(folding.length).toBeGreaterThan(1);
    // The estimate until the events folded pass it, never below them.
    expect(folding[0]!.total).toBe(estimate);
    for (const p of folding) expect(p.total).toBe(Math.max(estimate, p.processed));
    expect(progress.at(-1)).toEqual({ phase: "done", processed: events, total: events });
  }, 120_000);

  it("refuses to run while another rebuild holds the shadow's lock, instead of spinning or clearing its work", async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKeyOf(REBUILD.subscriberId)]);
      const before = await loopRows(db.pool);
      for (const fresh of [true, false]) {
        await expect(rebuildProjection(db.pool, () => END, { fresh })).rejects.toThrow(/another rebuild is running/);
      }
      expect(await loopRows(db.pool)).toEqual(before);
    } finally {
      await other.query("ROLLBACK");
      await other.end();
    }
  });
});
