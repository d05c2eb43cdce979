import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventOf, leadCreated } from "../../../tests/helpers/events";
import { loggedEvents, loopRows, projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendEvents } from "../events/append";
import { withTransaction } from "../db/transaction";
import { CheckpointConflict } from "../subscriptions/checkpoint-store";
import { applyProjection, prepareProjection } from "./project-events";
import { LIVE } from "./tables";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");

describe("a batch prepared against rows that changed before it was written", () => {
  it("is refused whole (the runner prepares it again): an entity expected new had been written meanwhile", async () => {
    const orgId = randomUUID();
    const lead = leadCreated();
    await appendEvents(db.pool, { orgId }, [lead]);
    const prepared = await prepareProjection(db.pool, LIVE, await loggedEvents(db.pool, orgId), NOW, null);

    // Another run writes the entity (and its loop) first (until caught up: a transaction elsewhere
    // on the server may hold the horizon back a moment).
    await projectAll(db.pool, () => NOW);
    const before = await loopRows(db.pool, { orgId });
    expect(before).toHaveLength(1);

    await expect(withTransaction(db.pool, (c) => applyProjection(c, LIVE, prepared))).rejects.toBeInstanceOf(CheckpointConflict);
    expect(await loopRows(db.pool, { orgId })).toEqual(before);
  });

  it("is refused whole: a loop row it would update had gone", async () => {
    const orgId = randomUUID();
    const lead = leadCreated();
    await appendEvents(db.pool, { orgId }, [lead]);
    await projectAll(db.pool, () => NOW);
    // A quote request resolves the lead's new_lead loop: an update of the row the projector wrote.
    await appendEvents(db.pool, { orgId }, [eventOf("quote_requested", { entity: lead.primary_entity })]);
    const prepared = await prepareProjection(db.pool, LIVE, (await loggedEvents(db.pool, orgId)).slice(1), NOW, null);
    await db.pool.query("DELETE FROM open_loops WHERE org_id = $1 AND type = 'new_lead'", [orgId]);

    await expect(withTransaction(db.pool, (c) => applyProjection(c, LIVE, prepared))).rejects.toBeInstanceOf(CheckpointConflict);
    expect(await loopRows(db.pool, { orgId })).toEqual([]);
    const entity = await db.pool.query("SELECT version FROM entities WHERE org_id = $1", [orgId]);
    expect(entity.rows).toEqual([{ version: 1 }]);
  });
});

describe("a batch of more entities than one serialized chunk", () => {
  it("writes every entity, loop and change of each chunk", async () => {
    const orgId = randomUUID();
    const leads = Array.from({ length: 1201 }, () => leadCreated());
    // Every other deal moves on in the next batch: loops closed (updates) and opened on known entities.
    const moves = leads.filter((_, i) => i % 2 === 0).map((l) => eventOf("quote_requested", { entity: l.primary_entity }));
    await appendEvents(db.pool, { orgId }, leads);
    await appendEvents(db.pool, { orgId }, moves);
    const all = await loggedEvents(db.pool, orgId);
    for (const events of [all.slice(0, leads.length), all.slice(leads.length)]) {
      const prepared = await prepareProjection(db.pool, LIVE, events, NOW, null);
      expect(prepared.chunks.length).toBeGreaterThan(1);
      await withTransaction(db.pool, (c) => applyProjection(c, LIVE, prepared));
    }

    const count = async (sql: string) => (await db.pool.query(sql, [orgId])).rows;
    expect(await count("SELECT type, status, count(*)::int AS n FROM open_loops WHERE org_id = $1 GROUP BY 1, 2 ORDER BY 1, 2")).toEqual([
      { type: "new_lead", status: "active", n: 600 },
      { type: "new_lead", status: "resolved", n: 601 },
      { type: "quote_needed", status: "active", n: 601 },
    ]);
    expect(await count("SELECT version, count(*)::int AS n FROM entities WHERE org_id = $1 GROUP BY 1 ORDER BY 1")).toEqual([
      { version: 1, n: 600 },
      { version: 2, n: 601 },
    ]);
    expect(await count("SELECT change, count(*)::int AS n FROM loop_changes WHERE org_id = $1 GROUP BY 1 ORDER BY 1")).toEqual([
      { change: "closed", n: 601 },
      { change: "opened", n: 1802 },
    ]);
    expect(await count("SELECT type, sum(n)::int AS n FROM loop_counts WHERE org_id = $1 GROUP BY 1 ORDER BY 1")).toEqual([
      { type: "new_lead", n: 600 },
      { type: "quote_needed", n: 601 },
    ]);
  });
});
