import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { loopRows, projectAll } from "../../../tests/helpers/projection";
import { waitFor } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { runProjector } from "../projector/open-loops-projector";
import { pgListenerFor } from "../signals/pg-listener";
import { startScheduler } from "../worker/scheduler";
import { buildWorkerJobs } from "../worker/jobs";
import { wakeOnAppends } from "../worker/wake";
import { horizonFigures } from "./horizon";

let db: TestDb;
let elsewhere: TestDb; // another database on the same server: another app, a migration, an import
beforeAll(async () => {
  [db, elsewhere] = await Promise.all([createTestDb(), createTestDb(2)]);
});
afterAll(async () => {
  if (db) await pgListenerFor(db.url).close();
  await Promise.all([db?.drop(), elsewhere?.drop()]);
});

const NOW = new Date("2026-11-20T12:00:00Z");

/** A write transaction left open on its own connection to `url` (it holds an xid until released). */
async function openWrite(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("BEGIN");
  await c.query("CREATE TEMP TABLE held (x int) ON COMMIT DROP");
  const { rows } = await c.query<{ xid: string; pid: number }>(
    "INSERT INTO held VALUES (1) RETURNING pg_current_xact_id()::text AS xid, pg_backend_pid() AS pid",
  );
  return {
    pid: rows[0]!.pid,
    xid: rows[0]!.xid,
    stillOpen: async () => (await c.query<{ xid: string }>("SELECT pg_current_xact_id()::text AS xid")).rows[0]!.xid === rows[0]!.xid,
    release: async () => {
      await c.query("COMMIT");
      await c.end();
    },
  };
}

/** What readers used before: the oldest transaction of the whole cluster. */
const clusterXmin = async () =>
  BigInt((await db.pool.query<{ x: string }>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x")).rows[0]!.x);

describe("the subscriptions' horizon (calm_log_horizon)", () => {
  it("a write transaction held open in another database does not hold back this one's subscribers", async () => {
    await projectAll(db.pool, () => NOW);
    const held = await openWrite(elsewhere.url);
    try {
      const orgId = randomUUID();
      const ev = leadCreated();
      await apiCaller(db.pool, { orgId }).events.append(ev);
      const txId = BigInt((await db.pool.query<{ t: string }>("SELECT tx_id::text AS t FROM system_events WHERE id = $1", [ev.id])).rows[0]!.t);
      await expect(clusterXmin()).resolves.toBeLessThanOrEqual(txId); // the cluster-wide horizon would hide it

      expect(await runProjector(db.pool, () => NOW)).toMatchObject({ processed: 1, behind: false });
      expect(await loopRows(db.pool, { orgId })).toHaveLength(1);
      // Nothing of ours is running (but, for a moment, the NOTIFY this process sends after an append: its transaction holds an id).
      await expect.poll(async () => (await horizonFigures(db.pool)).held).toBe(false);
      expect(await held.stillOpen()).toBe(true);
    } finally {
      await held.release();
    }
  });

  it("the scheduler woken by the append projects it while that other transaction stays open", async () => {
    await projectAll(db.pool, () => NOW);
    const held = await openWrite(elsewhere.url);
    const scheduler = startScheduler(buildWorkerJobs({ pool: db.pool, clock: () => NOW }), {
      intervalSeconds: 5,
      periodic: false,
      wake: wakeOnAppends(db.url),
    });
    try {
      const orgId = randomUUID();
      await apiCaller(db.pool, { orgId }).events.append(leadCreated());
      await waitFor(async () => (await loopRows(db.pool, { orgId })).length > 0);
      expect(await held.stillOpen()).toBe(true);
    } finally {
      scheduler.stop();
      await held.release();
    }
  });

  it("a write transaction of this database still holds it back, and is named (pid, database, age) until it ends", async () => {
    await projectAll(db.pool, () => NOW);
    const held = await openWrite(db.url);
    try {
      const orgId = randomUUID();
      await apiCaller(db.pool, { orgId }).events.append(leadCreated());
      expect(await runProjector(db.pool, () => NOW)).toMatchObject({ processed: 0, behind: true });
      const figures = await horizonFigures(db.pool);
      expect(figures).toMatchObject({ held: true, horizon: held.xid });
      expect(figures.blocker).toMatchObject({ xid: held.xid, pid: held.pid, database: db.name, prepared: null });
      expect(figures.blocker!.ageSeconds).toBeGreaterThanOrEqual(0);
    } finally {
      await held.release();
    }
    expect(await horizonFigures(db.pool)).toMatchObject({ held: false, blocker: null });
    expect(await projectAll(db.pool, () => NOW)).toBe(1);
  });
});
