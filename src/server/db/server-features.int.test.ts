import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg } from "../../../tests/helpers/callers";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { leadCreated, noteOn } from "../../../tests/helpers/events";
import { appendEvents } from "../events/append";
import { createPool } from "./pool";
import { keepsNamedStatements, takesCopyIn } from "./server-features";

// On Postgres the append path prepares its call once per connection (named statements); the
// embedded PGlite, which shares one backend between connections, is covered in embedded.int.test.ts.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

describe("named prepared statements", () => {
  it("are used on Postgres: an append's call is prepared on its connection, once", async () => {
    const pool = createPool(db.url, 1); // one connection: the statements seen are the appends'
    try {
      expect(await keepsNamedStatements(pool)).toBe(true);
      expect(await takesCopyIn(pool)).toBe(true);
      const { orgId } = await newOrg(pool);
      const [first] = await appendEvents(pool, { orgId }, [leadCreated()]);
      for (let i = 0; i < 3; i++) await appendEvents(pool, { orgId }, [noteOn(first!.event.primary_entity, `n${i}`)]);
      await appendEvents(pool, { orgId }, [leadCreated(), leadCreated()]);
      const prepared = await pool.query<{ name: string }>("SELECT name FROM pg_prepared_statements ORDER BY name");
      expect(prepared.rows.map((r) => r.name)).toEqual(["calm_append_events_many", "calm_append_events_one"]);
      const versions = await pool.query<{ v: number }>("SELECT entity_version AS v FROM system_events WHERE primary_entity_id = $1 ORDER BY 1", [
        first!.event.primary_entity.id,
      ]);
      expect(versions.rows.map((r) => r.v)).toEqual([1, 2, 3, 4]);
    } finally {
      await pool.end();
    }
  });

  it("are not used when the database cannot be asked (the call then goes unnamed)", async () => {
    const down = createPool("postgresql://postgres@127.0.0.1:1/none", 1);
    try {
      expect(await keepsNamedStatements(down)).toBe(false);
      expect(await takesCopyIn(down)).toBe(false);
    } finally {
      await down.end();
    }
  });
});
