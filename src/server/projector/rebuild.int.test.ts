import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityRows, loopRows, replayedLoopRows, unprojectedCount } from "../../../tests/helpers/projection";
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
  it("ends identical to the live projection; interrupted after its first batch, it resumes to the same result", async () => {
    const live = await seededHistory();
    expect(live.loops.length).toBeGreaterThan(500);
    expect(new Set(live.loops.map((l) => l.status))).toEqual(new Set(["active", "resolved", "dismissed"]));
    expect(live.loops.some((l) => l.close_note !== null)).toBe(true);
    expect(live.loops).toEqual(await replayedLoopRows(db.pool, END));

    const clock = () => END;
    const first = await rebuildProjection(db.pool, clock, { fresh: true, batchSize: 500 });
    expect(first.processed).toBe(6000);
    expect(await loopRows(db.pool)).toEqual(live.loops);
    expect(await entityRows(db.pool)).toEqual(live.entities);

    // Interrupted: the first folded batch commits, then the process "dies".
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
    expect(seen).toEqual([{ phase: "folding", processed: 500, total: 6000 }]);
    expect((await loadCheckpoint(db.pool, REBUILD.subscriberId)).position).toBeGreaterThan(0);
    const shadow = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${REBUILD.entities}`);
    expect(shadow.rows[0]!.n).toBeGreaterThan(0);
    // The live projection is untouched meanwhile.
    expect(await loopRows(db.pool)).toEqual(live.loops);

    const progress: RebuildProgress[] = [];
    const resumed = await rebuildProjection(db.pool, clock, { batchSize: 500, onProgress: (p) => progress.push(p) });
    expect(resumed.processed).toBe(6000);
    expect(progress[0]).toEqual({ phase: "folding", processed: 1000, total: 6000 }); // it went on from 500
    expect(progress.at(-1)).toEqual({ phase: "done", processed: 6000, total: 6000 });
    expect(await loopRows(db.pool)).toEqual(live.loops);
    expect(await entityRows(db.pool)).toEqual(live.entities);
    expect(await db.pool.query(`SELECT 1 FROM ${REBUILD.loops}`).then((r) => r.rowCount)).toBe(0);
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
