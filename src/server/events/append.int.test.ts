import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { leadCreated, noteOn } from "../../../tests/helpers/events";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

describe("events.append", () => {
  it("is idempotent on id", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    const e = leadCreated();
    const first = await api.events.append(e);
    const again = await api.events.append(e);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.event).toEqual(first.event);
    const count = await db.pool.query("SELECT count(*)::int AS n FROM system_events WHERE id = $1", [e.id]);
    expect(count.rows[0].n).toBe(1);
  });
});
