import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventCount, leadCreated } from "../../../tests/helpers/events";

let db: TestDb;
let id: string;
let snapshot: unknown[];

const rows = async () => (await db.pool.query("SELECT * FROM system_events ORDER BY position")).rows;

beforeAll(async () => {
  db = await createTestDb();
  const org = await newOrg(db.pool);
  const e = leadCreated();
  id = e.id;
  await apiCaller(db.pool, org).events.appendBatch({ events: [e, leadCreated(), leadCreated()] });
  snapshot = await rows();
});
afterAll(async () => db?.drop());

describe("system_events is append-only in the database itself", () => {
  it.each([
    ["UPDATE", "UPDATE system_events SET payload = '{}'::jsonb WHERE id = $1", [() => id]],
    ["UPDATE of every row", "UPDATE system_events SET occurred_at = now()", []],
    ["DELETE", "DELETE FROM system_events WHERE id = $1", [() => id]],
    ["DELETE of every row", "DELETE FROM system_events", []],
    ["TRUNCATE", "TRUNCATE system_events", []],
    ["TRUNCATE … CASCADE", "TRUNCATE system_events CASCADE", []],
    [
      "an upsert that would rewrite a row",
      `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                  primary_entity_type, payload, entity_version)
       SELECT id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type,
              '{"name":"rewritten"}', entity_version FROM system_events WHERE id = $1
       ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload`,
      [() => id],
    ],
  ] as const)("%s is refused and changes nothing", async (_what, sql, params) => {
    await expect(db.pool.query(sql, params.map((p) => p()))).rejects.toMatchObject({
      code: "42501",
      message: expect.stringMatching(/append-only/),
    });
    expect(await rows()).toEqual(snapshot);
  });

  it("is refused inside an explicit transaction too, which then rolls back", async () => {
    const c = await db.pool.connect();
    try {
      await c.query("BEGIN");
      await expect(c.query("DELETE FROM system_events")).rejects.toMatchObject({ code: "42501" });
      await c.query("ROLLBACK");
    } finally {
      c.release();
    }
    expect(await eventCount(db.pool)).toBe(snapshot.length);
  });
});
