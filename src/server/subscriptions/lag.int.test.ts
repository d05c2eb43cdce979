import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { saveCheckpoint } from "./checkpoint";
import { subscriberLags } from "./lag";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(2);
});
afterAll(async () => {
  await db?.drop();
});

// The health report lists subscribers in the order it asks for them. Without an ORDER BY the join
// answered in whatever order its plan gave (a hash join: the checkpoints' order), and
// tests/e2e/health.spec.ts failed once on it.
it("answers each subscriber's lag in the order asked, whatever join the planner picks", async () => {
  const ids = ["open-loops", "loop-history", "relay", "never-ran"];
  const c = await db.pool.connect();
  try {
    for (const id of ["relay", "loop-history", "open-loops"]) await saveCheckpoint(c, id, { txId: "1", position: 0 });
  } finally {
    c.release();
  }
  const hashOnly = new pg.Pool({ connectionString: db.url, max: 1, options: "-c enable_nestloop=off -c enable_mergejoin=off" });
  try {
    for (const pool of [db.pool, hashOnly]) {
      for (const order of [ids, [...ids].reverse()]) {
        const lags = await subscriberLags(pool, order, new Date());
        expect(lags.map((l) => l.id)).toEqual(order);
      }
    }
  } finally {
    await hashOnly.end();
  }
});
