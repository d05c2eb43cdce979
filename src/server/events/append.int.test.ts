import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventCount, eventOf, leadCreated, noteOn } from "../../../tests/helpers/events";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";
import { entityEvents } from "./read";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

describe("events.append", () => {
  it("stores the event with the credential's org, a server record time, position and version 1", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org, () => new Date("2030-01-01T00:00:00Z"));
    const e = leadCreated({ created_at: "1999-01-01T00:00:00Z" });
    const before = Date.now();
    const { event, position, duplicate } = await api.events.append(e);
    expect(duplicate).toBe(false);
    expect(event).toMatchObject({
      id: e.id, org_id: org.orgId, event_type: "lead_created", occurred_at: "2026-11-02T09:00:00.000Z",
      actor: e.actor, primary_entity: e.primary_entity, payload: e.payload, entity_version: 1,
    });
    expect(position).toBe(event.position);
    expect(position).toBeGreaterThan(0);
    // Record time is the database's clock, never the body's.
    expect(Date.parse(event.created_at)).toBeGreaterThanOrEqual(before - 5_000);
  });

  it("is idempotent on id: duplicate: true, the stored event returned, nothing written", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    const e = leadCreated();
    const first = await api.events.append(e);
    // Same content, keys in another order and occurred_at in another offset: still the same event.
    const reordered = { ...e, occurred_at: "2026-11-02T11:00:00+02:00", payload: { source: "website", name: "Jane Doe" } };
    const again = await api.events.append(reordered);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.event).toEqual(first.event);
    expect(again.position).toBe(first.position);
    expect(await eventCount(db.pool, org.orgId)).toBe(1);
  });

  it("answers with the stored event exactly as a read returns it: fresh or duplicate, alone or in a batch", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    // Upper-case uuids, an offset instant and a payload whose key order jsonb does not keep: the
    // answer is built from the request plus what the log added (append.ts), and must still be the log's.
    const up = (e: ReturnType<typeof leadCreated>) => ({
      ...e, id: e.id.toUpperCase(), primary_entity: { ...e.primary_entity, id: e.primary_entity.id.toUpperCase() },
      actor: { ...e.actor!, id: e.actor!.id.toUpperCase() }, occurred_at: "2026-11-02T11:00:00.5+02:00",
    });
    const lead = up(leadCreated({ payload: { source: "website", value_cents: 12_000, name: "Zoë \u00e9 \"quoted\"" } }));
    const single = await api.events.append(lead);
    const entity = { type: "deal" as const, id: lead.primary_entity.id.toLowerCase() };
    const batch = await api.events.appendBatch({ events: [lead, up(noteOn(entity, "first")), up(noteOn(entity, "second"))] });
    const again = await api.events.append(lead);
    const stored = await entityEvents(db.pool, org.orgId, "deal", entity.id);
    expect(stored).toHaveLength(3);
    expect(single.event).toEqual(stored[0]);
    expect(again).toMatchObject({ duplicate: true, event: stored[0] });
    expect(batch.items.map((i) => i.duplicate)).toEqual([true, false, false]);
    expect(batch.items.map((i) => i.event)).toEqual(stored);
    expect(stored[0]).toMatchObject({ id: lead.id.toLowerCase(), occurred_at: "2026-11-02T09:00:00.500Z", actor: { id: lead.actor.id.toLowerCase() } });
  });

  it("occurred_at is kept to the millisecond: finer digits are refused, trailing zeros are the same instant (issue 8, finding 13)", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    // Postgres would round these to the microsecond and the API answer with milliseconds: refused instead of changed.
    for (const occurred_at of ["2026-11-02T09:00:00.0009999Z", "2026-11-02T09:00:00.123456789+01:00", "2026-11-02T09:00:00.000001Z"]) {
      const err = await callError(api.events.append(leadCreated({ occurred_at })));
      expect({ code: err.code, message: err.message }).toEqual({ code: "BAD_REQUEST", message: "occurred_at: must have at most millisecond precision" });
    }
    const e = leadCreated({ occurred_at: "2026-11-02T09:00:00.123+01:00" });
    expect((await api.events.append(e)).event.occurred_at).toBe("2026-11-02T08:00:00.123Z");
    expect((await api.events.append({ ...e, occurred_at: "2026-11-02T09:00:00.123000000+01:00" })).duplicate).toBe(true);
    expect((await api.events.append({ ...e, occurred_at: "2026-11-02T08:00:00.123Z" })).duplicate).toBe(true);
    expect(await eventCount(db.pool, org.orgId)).toBe(1);
  });

  it("a re-append is a duplicate even after the entity moved on, and with a stale expectedVersion", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    const e = leadCreated();
    await api.events.append({ ...e, expectedVersion: 0 });
    await api.events.append(noteOn(e.primary_entity as never));
    const again = await api.events.append({ ...e, expectedVersion: 0 });
    expect(again.duplicate).toBe(true);
    expect(again.event.entity_version).toBe(1);
    expect(await eventCount(db.pool, org.orgId)).toBe(2);
  });

  it.each([
    ["payload", { payload: { name: "John Doe", source: "website" } }],
    ["extra payload field", { payload: { name: "Jane Doe", source: "website", extra: 1 } }],
    ["occurred_at", { occurred_at: "2026-11-02T09:00:01Z" }],
    ["actor", { actor: { id: "00000000-0000-4000-8000-000000000002", type: "system" } }],
    ["entity", { primary_entity: { id: "00000000-0000-4000-8000-000000000003", type: "deal" } }],
  ])("same id with a different %s is a CONFLICT and writes nothing", async (_what, change) => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    const e = leadCreated();
    const first = await api.events.append(e);
    const err = await callError(api.events.append({ ...e, ...change } as typeof e));
    expect(err.code).toBe("CONFLICT");
    expect(err.httpStatus).toBe(409);
    expect(issuePaths(err)).toEqual(["id"]);
    expect(await eventCount(db.pool, org.orgId)).toBe(1);
    const stored = await db.pool.query("SELECT payload, occurred_at FROM system_events WHERE id = $1", [e.id]);
    expect(stored.rows[0].payload).toEqual(first.event.payload);
  });

  it("expectedVersion: accepted when it matches, CONFLICT naming expectedVersion when it does not", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    const deal = { id: crypto.randomUUID(), type: "deal" as const };
    expect((await api.events.append({ ...eventOf("lead_created", { entity: deal }), expectedVersion: 0 })).event.entity_version).toBe(1);
    expect((await api.events.append({ ...noteOn(deal), expectedVersion: 1 })).event.entity_version).toBe(2);
    for (const stale of [0, 1, 3]) {
      const err = await callError(api.events.append({ ...noteOn(deal), expectedVersion: stale }));
      expect(err.code).toBe("CONFLICT");
      expect(issuePaths(err)).toEqual(["expectedVersion"]);
    }
    expect(await eventCount(db.pool, org.orgId)).toBe(2);
  });

  it("counts versions per entity: a new entity starts at 1 whatever else the org holds", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    const deal = { id: crypto.randomUUID(), type: "deal" as const };
    for (let i = 0; i < 3; i++) await api.events.append(noteOn(deal));
    // Same id, other entity type: another stream.
    const asClient = await api.events.append(noteOn({ id: deal.id, type: "client" }));
    expect(asClient.event.entity_version).toBe(1);
  });
});
