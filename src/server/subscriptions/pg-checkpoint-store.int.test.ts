import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { CRASH, checkpointStoreContract } from "./checkpoint-store.contract";
import { postgresCheckpointStore } from "./pg-checkpoint-store";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await db.pool.query("CREATE TABLE contract_effects (seq bigserial PRIMARY KEY, subscriber_id text NOT NULL, event_id uuid NOT NULL)");
});
afterAll(async () => db?.drop());

/** Effects as rows written in the batch's transaction, as the projector's read model is. */
checkpointStoreContract("Postgres checkpoint store", {
  pool: () => db.pool,
  subscription: async () => {
    const id = `contract:${randomUUID()}`;
    return {
      subscriber: (opts = {}) => ({
        id,
        prepare: async (_db, events) => events.map((e) => e.id),
        store: postgresCheckpointStore<unknown>(id, async (client, ids) => {
          await client.query("INSERT INTO contract_effects (subscriber_id, event_id) SELECT $1, unnest($2::uuid[])", [id, ids]);
          if (opts.crashAfterEffects) throw new Error(CRASH);
        }),
      }),
      effects: async () =>
        (await db.pool.query<{ event_id: string }>("SELECT event_id FROM contract_effects WHERE subscriber_id = $1 ORDER BY seq", [id])).rows.map(
          (r) => r.event_id,
        ),
    };
  },
});
