import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { chunks, lifecycleEvents } from "../../../tests/helpers/lifecycles";
import { loopRows, projectAll, replayedLoopRows, unprojectedCount, versionMismatches } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { belowHorizon } from "../../../tests/helpers/streams";
import { runProjector } from "./open-loops-projector";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");

/** Opens the pool's connections up front so both runs reach the lock at the same moment. */
async function warmPool() {
  const clients = await Promise.all(Array.from({ length: 4 }, () => db.pool.connect()));
  for (const c of clients) c.release();
}

describe("two projector runs at once", () => {
  it("against a backlog: one does all the work, the other is skipped at once; every event applied once", async () => {
    const api = apiCaller(db.pool, { orgId: randomUUID() });
    for (const batch of chunks(lifecycleEvents("two-ticks", 4000, NOW), 500)) await api.events.appendBatch({ events: batch });
    const backlog = await unprojectedCount(db.pool);
    expect(backlog).toBe(4000);

    await warmPool();
    const clock = () => NOW;
    const runs = await Promise.all([runProjector(db.pool, clock, { batchSize: 500 }), runProjector(db.pool, clock, { batchSize: 500 })]);
    const skipped = runs.filter((r) => r.skipped);
    const worked = runs.filter((r) => !r.skipped);
    expect(skipped).toHaveLength(1);
    expect(worked).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ processed: 0, batches: 0, ticked: 0 });
    // The winner takes everything committed; a transaction elsewhere on the server may hold the
    // horizon back for a moment, so a follow-up pass picks up whatever it left.
    expect(worked[0]!.processed + (await projectAll(db.pool, clock))).toBe(backlog);
    expect(await versionMismatches(db.pool)).toEqual([]);
    expect(await loopRows(db.pool)).toEqual(await replayedLoopRows(db.pool, NOW));
  });

  it("ticking time changes: the due entities are re-derived once between them", async () => {
    await projectAll(db.pool, () => NOW);
    const later = new Date(NOW.getTime() + 3 * 24 * 3_600_000);
    const due = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM entities WHERE next_change_at <= $1", [later]);
    expect(due.rows[0]!.n).toBeGreaterThan(10);

    await warmPool();
    const clock = () => later;
    const runs = await Promise.all([runProjector(db.pool, clock), runProjector(db.pool, clock)]);
    expect(runs[0]!.ticked + runs[1]!.ticked).toBe(due.rows[0]!.n);
    expect(await loopRows(db.pool)).toEqual(await replayedLoopRows(db.pool, later));
  });
});

describe("the read-ahead of the next batch", () => {
  it("is dropped when another run moved the checkpoint between two batches; every event still applied once", async () => {
    const orgId = randomUUID();
    const api = apiCaller(db.pool, { orgId });
    for (const batch of chunks(lifecycleEvents("read-ahead", 3000, NOW), 500)) await api.events.appendBatch({ events: batch });
    await belowHorizon(db.pool); // so no transaction of another test file hides part of a batch
    await warmPool();
    const clock = () => NOW;
    let interloper = 0;
    const run = await runProjector(db.pool, clock, {
      batchSize: 400,
      // Between the first and second batch (the second already read and prepared ahead), another
      // run takes the lock and projects two batches itself.
      onBatch: async (processed) => {
        if (processed === 400) interloper = (await runProjector(db.pool, clock, { batchSize: 400, maxBatches: 2 })).processed;
      },
    });
    expect(interloper).toBe(800);
    expect(run.processed + interloper + (await projectAll(db.pool, clock))).toBeGreaterThanOrEqual(3000);
    expect(await unprojectedCount(db.pool)).toBe(0);
    expect(await versionMismatches(db.pool)).toEqual([]);
    // (This org only: the test above moved the clock for the other org's loops.)
    expect(await loopRows(db.pool, { orgId })).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
  });
});

describe("a pool of one connection", () => {
  it("still catches up over many full batches: the read-ahead never waits on the batch that waits on it", async () => {
    const small = await createTestDb(1);
    try {
      const orgId = randomUUID();
      const api = apiCaller(small.pool, { orgId });
      for (const batch of chunks(lifecycleEvents("one-connection", 1500, NOW), 500)) await api.events.appendBatch({ events: batch });
      await belowHorizon(small.pool);
      const run = await runProjector(small.pool, () => NOW, { batchSize: 200 });
      expect(run.batches).toBeGreaterThan(5);
      expect(run.processed + (await projectAll(small.pool, () => NOW))).toBe(1500);
      expect(await versionMismatches(small.pool)).toEqual([]);
      expect(await loopRows(small.pool, { orgId })).toEqual(await replayedLoopRows(small.pool, NOW, orgId));
    } finally {
      await small.drop();
    }
  }, 60_000);
});
