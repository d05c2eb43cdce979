import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg, sessionCaller } from "../../../tests/helpers/callers";
import type { CreatedOrg } from "../orgs/create-org";
import { lifecycleEvents } from "../../../tests/helpers/lifecycles";
import { projectAll, sleep } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { runProjector } from "../projector/open-loops-projector";

let db: TestDb;
let operator: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  operator = await newOrg(db.pool, "Operator");
});
afterAll(async () => db?.drop());

// The full report (a signed-in session); the public words: public-health.test.ts, tests/e2e/health.spec.ts.
const health = () => sessionCaller(db.pool, operator).system.healthReport();
const projectorLag = async () => (await health()).subscribers.find((s) => s.id === "open-loops")!;

describe("system.health", () => {
  it("shows the projector's lag in events and seconds while it is behind, and 0 after a pass", async () => {
    const orgId = randomUUID();
    expect(await projectorLag()).toMatchObject({ lagEvents: 0, lagSeconds: 0 });
    await apiCaller(db.pool, { orgId }).events.appendBatch({ events: lifecycleEvents("health", 30, new Date()) });
    await sleep(2100);
    const behind = await health();
    expect(behind.subscribers).toEqual([
      expect.objectContaining({ id: "open-loops", lagEvents: 30 }),
      expect.objectContaining({ id: "loop-history", lagEvents: 30 }),
    ]);
    expect(behind.subscribers[0]!.lagSeconds).toBeGreaterThanOrEqual(2);
    expect(behind.subscribers[0]!.lagSeconds).toBeLessThan(60);
    expect(JSON.stringify(behind)).not.toContain(orgId); // public probe: counts only

    await projectAll(db.pool, () => new Date());
    const max = await db.pool.query<{ p: number }>("SELECT max(position)::bigint AS p FROM system_events");
    expect(await projectorLag()).toEqual({ id: "open-loops", lagEvents: 0, lagSeconds: 0, checkpointPosition: max.rows[0]!.p });
  });

  it("oldestTransactionSeconds grows while a transaction is held open, and the projector waits behind it", async () => {
    const held = new pg.Client({ connectionString: db.url });
    await held.connect();
    try {
      await held.query("BEGIN");
      const { pid } = (await held.query<{ pid: number }>("SELECT pg_current_xact_id(), pg_backend_pid() AS pid")).rows[0]!; // takes a transaction id: the horizon stops here
      const opened = Date.now();
      await apiCaller(db.pool, { orgId: randomUUID() }).events.appendBatch({ events: lifecycleEvents("held", 5, new Date()) });
      await sleep(2200);
      const during = await health();
      expect(during.oldestTransactionSeconds).toBeGreaterThanOrEqual(Math.floor((Date.now() - opened) / 1000));
      expect(during.oldestTransactionSeconds).toBeGreaterThanOrEqual(2);
      // The transaction that holds the subscriptions' horizon back, named (subscriptions/horizon.ts).
      expect(during.horizon).toMatchObject({ held: true, blocker: { pid, database: db.name, prepared: null } });
      expect((during.horizon as { blocker: { ageSeconds: number } }).blocker.ageSeconds).toBeGreaterThanOrEqual(2);
      expect((await runProjector(db.pool, () => new Date())).processed).toBe(0);
      expect(await projectorLag()).toMatchObject({ lagEvents: 5 });
      await sleep(1100);
      expect((await health()).oldestTransactionSeconds).toBeGreaterThan(during.oldestTransactionSeconds!);
    } finally {
      await held.query("COMMIT");
      await held.end();
    }
    await projectAll(db.pool, () => new Date());
    expect(await projectorLag()).toMatchObject({ lagEvents: 0, lagSeconds: 0 });
  });
});
