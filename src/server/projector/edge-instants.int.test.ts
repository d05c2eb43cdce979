import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventOf, leadCreated } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { projectAll } from "../../../tests/helpers/projection";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

describe("instants at the edge of what the catalog accepts", () => {
  it("an event the API accepted near year 9999 never stops the projector (a derived due date past 9999 is clamped)", async () => {
    const org = await newOrg(db.pool);
    const clock = () => new Date("2026-11-02T10:00:00Z");
    const api = apiCaller(db.pool, org, clock);
    const lead = leadCreated({ occurred_at: "9999-12-31T12:00:00Z" });
    await api.events.append(lead);
    const request = eventOf("quote_requested", { occurred_at: "9999-12-31T23:59:59.999Z", payload: {} });
    await api.events.append(request);
    const after = leadCreated({ occurred_at: "2026-11-01T09:00:00Z" });
    await api.events.append(after);
    await projectAll(db.pool, clock);
    const loops = (await api.loops.list({})).items;
    const last = "9999-12-31T23:59:59.999Z";
    expect(loops[0]).toMatchObject({ entity_id: after.primary_entity.id, type: "new_lead", due_at: "2026-11-02T09:00:00.000Z" });
    expect(loops.slice(1).map((l) => [l.entity_id, l.type, l.due_at]).sort()).toEqual(
      [[lead.primary_entity.id, "new_lead", last], [request.primary_entity.id, "quote_needed", last]].sort(),
    );
    // The cursor of a page ending on such a loop pages on.
    const first = await api.loops.list({ limit: 2 });
    const second = await api.loops.list({ limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((l) => l.id)).toEqual(loops.map((l) => l.id));
  });
});
