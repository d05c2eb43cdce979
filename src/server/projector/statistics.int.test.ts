import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

/** The rows the planner believes a table holds (-1: never analyzed). */
async function plannerRows(table: string): Promise<number> {
  const r = await db.pool.query<{ rows: number }>(
    "SELECT reltuples::float8 AS rows FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = $1",
    [table],
  );
  return r.rows[0]!.rows;
}

describe("projection statistics after a bulk", () => {
  it("a catch-up over 1,500 new leads leaves open_loops and entities analyzed, so the dashboard's reads are planned for their size", async () => {
    const org = await newOrg(db.pool);
    const clock = () => new Date("2026-11-02T10:00:00Z");
    const api = apiCaller(db.pool, org, clock);
    // Autovacuum is off on this project's Postgres (and may lag anywhere): nothing else analyzes them.
    expect(await plannerRows("open_loops")).toBeLessThan(1);
    for (let i = 0; i < 3; i++) await api.events.appendBatch({ events: Array.from({ length: 500 }, () => leadCreated()) });
    await projectAll(db.pool, clock);
    expect(await plannerRows("open_loops")).toBe(1500);
    expect(await plannerRows("entities")).toBe(1500);
  });
});
