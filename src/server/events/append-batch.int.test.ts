import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventCount, eventOf, noteOn } from "../../../tests/helpers/events";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";
import type { CreatedOrg } from "../orgs/create-org";

let db: TestDb;
let org: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  org = await newOrg(db.pool);
});
afterAll(async () => db?.drop());

const deal = () => ({ id: randomUUID(), type: "deal" as const });
const notes = (n: number, entity = deal()) => Array.from({ length: n }, (_, i) => noteOn(entity, `note ${i}`));

describe("events.appendBatch", () => {
  it("appends every event in order, versions counted within the batch", async () => {
    const before = await eventCount(db.pool, org.orgId);
    const d = deal();
    const events = [eventOf("lead_created", { entity: d }), ...notes(4, d), eventOf("invoice_issued")];
    const out = await apiCaller(db.pool, org).events.appendBatch({ events });
    expect(out.appended).toBe(6);
    expect(out.duplicates).toBe(0);
    expect(out.items.map((i) => i.event.id)).toEqual(events.map((e) => e.id));
    expect(out.items.map((i) => i.event.entity_version)).toEqual([1, 2, 3, 4, 5, 1]);
    const positions = out.items.map((i) => i.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(await eventCount(db.pool, org.orgId)).toBe(before + 6);
  });

  it("one bad event in a batch of many: BAD_REQUEST naming events.3.payload.amount_cents, nothing written", async () => {
    const api = apiCaller(db.pool, org);
    const before = await eventCount(db.pool);
    const events = [...notes(3), eventOf("payment_received", { payload: { amount_cents: "12", currency: "EUR" } }), ...notes(40)];
    const err = await callError(api.events.appendBatch({ events }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.httpStatus).toBe(400);
    expect(issuePaths(err)).toEqual(["events.3.payload.amount_cents"]);
    expect(err.message).toContain("events.3.payload.amount_cents");
    expect(await eventCount(db.pool)).toBe(before);
  });

  it("a batch whose 5th event conflicts with a stored one: CONFLICT naming events.4.id, nothing written", async () => {
    const api = apiCaller(db.pool, org);
    const stored = noteOn(deal());
    await api.events.append(stored);
    const before = await eventCount(db.pool);
    const events = [...notes(4), { ...stored, payload: { text: "rewritten" } }, ...notes(5)];
    const err = await callError(api.events.appendBatch({ events }));
    expect(err.code).toBe("CONFLICT");
    expect(issuePaths(err)).toEqual(["events.4.id"]);
    expect(await eventCount(db.pool)).toBe(before);
  });

  it("a batch whose 5th event fails its expectedVersion: CONFLICT, nothing written", async () => {
    const api = apiCaller(db.pool, org);
    const d = deal();
    const before = await eventCount(db.pool);
    const events = [...notes(4, d), { ...noteOn(d), expectedVersion: 2 }, ...notes(3)];
    const err = await callError(api.events.appendBatch({ events }));
    expect(err.code).toBe("CONFLICT");
    expect(issuePaths(err)).toEqual(["events.4.expectedVersion"]);
    expect(await eventCount(db.pool)).toBe(before);
  });

  it("a batch naming the same id twice with different content is a CONFLICT; with the same content it is stored once", async () => {
    const api = apiCaller(db.pool, org);
    const e = noteOn(deal());
    const before = await eventCount(db.pool);
    const err = await callError(api.events.appendBatch({ events: [e, ...notes(2), { ...e, payload: { text: "other" } }] }));
    expect(err.code).toBe("CONFLICT");
    expect(issuePaths(err)).toEqual(["events.3.id"]);
    expect(await eventCount(db.pool)).toBe(before);

    const ok = await api.events.appendBatch({ events: [e, e] });
    expect(ok.items.map((i) => i.duplicate)).toEqual([false, true]);
    expect(ok.items[1]!.event).toEqual(ok.items[0]!.event);
    expect(await eventCount(db.pool)).toBe(before + 1);
  });

  it("re-sending a stored batch returns every event as a duplicate and writes nothing", async () => {
    const api = apiCaller(db.pool, org);
    const events = notes(10);
    const first = await api.events.appendBatch({ events });
    const before = await eventCount(db.pool);
    const again = await api.events.appendBatch({ events });
    expect(again.appended).toBe(0);
    expect(again.duplicates).toBe(10);
    expect(again.items.map((i) => i.event)).toEqual(first.items.map((i) => i.event));
    expect(await eventCount(db.pool)).toBe(before);
  });

  it("accepts 1,000 events; refuses 1,001 (BAD_REQUEST naming events) and an empty batch", async () => {
    const api = apiCaller(db.pool, org);
    const before = await eventCount(db.pool);
    const tooMany = await callError(api.events.appendBatch({ events: notes(1001) }));
    expect(tooMany.code).toBe("BAD_REQUEST");
    expect(issuePaths(tooMany)).toEqual(["events"]);
    const empty = await callError(api.events.appendBatch({ events: [] }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(issuePaths(empty)).toEqual(["events"]);
    expect(await eventCount(db.pool)).toBe(before);

    const full = await api.events.appendBatch({ events: notes(1000) });
    expect(full.appended).toBe(1000);
    expect(full.items.at(-1)!.event.entity_version).toBe(1000);
  });

  it("names the event index in credential errors, even in a batch of one", async () => {
    const api = apiCaller(db.pool, org);
    const { actor: _omit, ...noActor } = noteOn(deal());
    const before = await eventCount(db.pool);
    for (const events of [[noActor], [...notes(2), noActor]]) {
      const err = await callError(api.events.appendBatch({ events: events as never }));
      expect(err.code).toBe("BAD_REQUEST");
      expect(issuePaths(err)).toEqual([`events.${events.length - 1}.actor`]);
    }
    const other = { ...noteOn(deal()), org_id: randomUUID() };
    for (const events of [[other], [...notes(2), other]]) {
      const err = await callError(api.events.appendBatch({ events }));
      expect(err.code).toBe("FORBIDDEN");
      expect(issuePaths(err)).toEqual([`events.${events.length - 1}.org_id`]);
    }
    expect(await eventCount(db.pool)).toBe(before);
  });
});
