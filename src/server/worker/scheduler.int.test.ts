import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { loopRows, projectAll, sleep, unprojectedCount } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { belowHorizon } from "../../../tests/helpers/streams";
import { runProjector } from "../projector/open-loops-projector";
import { buildWorkerJobs } from "./jobs";
import { startScheduler } from "./scheduler";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");

/** A transaction that takes its id now and stays open: it hides every later commit from readers. */
async function holdHorizon() {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query("BEGIN");
  await c.query("SELECT pg_current_xact_id()");
  return {
    release: async () => {
      await c.query("COMMIT");
      await c.end();
    },
  };
}

describe("events hidden behind a running transaction", () => {
  it("runProjector reports them as behind; once the transaction ends it projects them and is not behind", async () => {
    await projectAll(db.pool, () => NOW);
    const held = await holdHorizon();
    try {
      await apiCaller(db.pool, { orgId: randomUUID() }).events.append(leadCreated());
      expect(await runProjector(db.pool, () => NOW)).toMatchObject({ processed: 0, caughtUp: true, behind: true });
    } finally {
      await held.release();
    }
    await projectAll(db.pool, () => NOW);
    expect(await runProjector(db.pool, () => NOW)).toMatchObject({ processed: 0, behind: false });
  });

  it("the after-append pass that missed its event retries soon, instead of leaving it to the next tick", async () => {
    await projectAll(db.pool, () => NOW);
    const orgId = randomUUID();
    const scheduler = startScheduler(buildWorkerJobs({ pool: db.pool, clock: () => NOW }), { intervalSeconds: 59 });
    try {
      const held = await holdHorizon();
      await apiCaller(db.pool, { orgId }).events.append(leadCreated()); // its pass sees nothing yet
      await sleep(400);
      expect(await loopRows(db.pool, { orgId })).toEqual([]);
      await held.release();
      const released = Date.now();
      while ((await loopRows(db.pool, { orgId })).length === 0) {
        expect(Date.now() - released).toBeLessThan(3000);
        await sleep(10);
      }
    } finally {
      scheduler.stop();
    }
  });

  it("a pass that stops at its bound with a backlog left is followed up at once, not at the next tick", async () => {
    await projectAll(db.pool, () => NOW);
    const api = apiCaller(db.pool, { orgId: randomUUID() });
    await api.events.appendBatch({ events: Array.from({ length: 60 }, () => leadCreated()) });
    // A transaction another test file holds open would hide the batch from the first pass.
    await belowHorizon(db.pool);
    const bounded = [{ name: "projector", run: () => runProjector(db.pool, () => NOW, { batchSize: 10, maxBatches: 1 }) }];
    const scheduler = startScheduler(bounded, { intervalSeconds: 59 });
    try {
      const first = await scheduler.runNow();
      expect(first?.projector?.result).toMatchObject({ processed: 10, caughtUp: false });
      const started = Date.now();
      while ((await unprojectedCount(db.pool)) > 0) {
        // Far below the 59 s tick, with room for another file's transaction holding the horizon.
        expect(Date.now() - started).toBeLessThan(15_000);
        await sleep(10);
      }
    } finally {
      scheduler.stop();
    }
  });
});
