import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leadCreated } from "../../../tests/helpers/events";
import { loopRows, replayedLoopRows } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { runProjector } from "../projector/open-loops-projector";
import { START } from "./checkpoint";
import { readBatch } from "./read-batch";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");

describe("readBatch", () => {
  it("orders by tx_id as a number where transaction ids gain a digit (99 before 100), so nothing is skipped", async () => {
    const orgId = randomUUID();
    // Rows as transactions 99, 100, 999 and 1000 left them (long committed, below any horizon).
    const events = [99, 100, 999, 1000].map((txId) => ({ txId, e: leadCreated() }));
    for (const { txId, e } of events) {
      await db.pool.query(
        `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                    primary_entity_type, payload, entity_version, tx_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10::text::xid8)`,
        [e.id, orgId, e.event_type, e.occurred_at, e.actor!.id, e.actor!.type, e.primary_entity.id, e.primary_entity.type, e.payload, txId],
      );
    }
    const seen: string[] = [];
    let from = START;
    for (;;) {
      const batch = await readBatch(db.pool, from, 1);
      if (!batch.last) break;
      seen.push(...batch.txIds);
      from = batch.last;
    }
    expect(seen).toEqual(["99", "100", "999", "1000"]);

    expect((await runProjector(db.pool, () => NOW, { batchSize: 1 })).processed).toBe(4);
    const rows = await loopRows(db.pool, { orgId });
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
  });
});
