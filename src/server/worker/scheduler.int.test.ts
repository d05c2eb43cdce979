import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { loopRows, projectAll, sleep, unprojectedCount } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { belowHorizon, waitFor } from "../../../tests/helpers/streams";
import { runProjector } from "../projector/open-loops-projector";
import { CHANNELS, encodeSignal } from "../signals/channels";
import { pgListenerFor } from "../signals/pg-listener";
import { tryLockSubscriber } from "../subscriptions/lock";
import { buildWorkerJobs } from "./jobs";
import { startScheduler } from "./scheduler";
import { wakeOnAppends } from "./wake";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  if (db) await pgListenerFor(db.url).close();
  await db?.drop();
});

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

  // These schedulers run no periodic pass: what projects the event can only be the wake-up or a retry.
  const startWoken = () =>
    startScheduler(buildWorkerJobs({ pool: db.pool, clock: () => NOW }), { intervalSeconds: 5, periodic: false, wake: wakeOnAppends(db.url) });

  it("the after-append pass that missed its event retries soon, instead of leaving it to the next tick", async () => {
    await projectAll(db.pool, () => NOW);
    const orgId = randomUUID();
    const scheduler = startWoken();
    try {
      const held = await holdHorizon();
      await apiCaller(db.pool, { orgId }).events.append(leadCreated()); // its pass sees nothing yet
      await sleep(400);
      expect(await loopRows(db.pool, { orgId })).toEqual([]);
      await held.release();
      await waitFor(async () => (await loopRows(db.pool, { orgId })).length > 0);
    } finally {
      scheduler.stop();
    }
  });

  it("a pass that finds the projector's lock held by another run tries again, backing off, until it runs", async () => {
    await projectAll(db.pool, () => NOW);
    const orgId = randomUUID();
    const scheduler = startWoken();
    const other = await db.pool.connect(); // another instance's projector run, mid-batch
    try {
      await other.query("BEGIN");
      expect(await tryLockSubscriber(other, "open-loops")).toBe(true);
      await apiCaller(db.pool, { orgId }).events.append(leadCreated()); // wakes a pass: skipped
      await sleep(300);
      expect(await loopRows(db.pool, { orgId })).toEqual([]);
      await other.query("COMMIT"); // that run ends without having seen our event
      await waitFor(async () => (await loopRows(db.pool, { orgId })).length > 0);
    } finally {
      other.release();
      scheduler.stop();
    }
  });

  it("an append of another process wakes it through NOTIFY", async () => {
    await projectAll(db.pool, () => NOW);
    const orgId = randomUUID();
    const scheduler = startWoken();
    try {
      await pgListenerFor(db.url).ready();
      // Committed by someone whose in-process signal does not reach us: only the NOTIFY does.
      const e = leadCreated();
      await db.pool.query(
        `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                    primary_entity_type, payload, entity_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
        [e.id, orgId, e.event_type, e.occurred_at, e.actor!.id, e.actor!.type, e.primary_entity.id, e.primary_entity.type, e.payload],
      );
      await sleep(300);
      expect(await loopRows(db.pool, { orgId })).toEqual([]);
      await db.pool.query("SELECT pg_notify($1, $2)", [CHANNELS.eventsAppended, encodeSignal("instance-2", [orgId])]);
      await waitFor(async () => (await loopRows(db.pool, { orgId })).length > 0);
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
