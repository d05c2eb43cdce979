import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { projectAll } from "../../../tests/helpers/projection";
import { runProjector } from "./open-loops-projector";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

describe("open-loops projector", () => {
  it("opens a new_lead loop, escalates it with time, and resolves it by command", async () => {
    const org = await newOrg(db.pool);
    let now = new Date("2026-11-02T10:00:00Z");
    const clock = () => now;
    const api = apiCaller(db.pool, org, clock);
    const lead = leadCreated({ occurred_at: "2026-11-02T09:00:00Z" });
    await api.events.append(lead);
    // Another test file's open transaction can hold the horizon back: project until caught up.
    await projectAll(db.pool, clock);
    const first = await api.loops.list({});
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ type: "new_lead", severity: "medium", status: "active", entity_name: "Jane Doe" });

    now = new Date("2026-11-03T10:00:00Z");
    const pass = await runProjector(db.pool, clock);
    expect(pass.ticked).toBe(1);
    expect((await api.loops.list({})).items[0]?.severity).toBe("high");
    expect(await api.loops.summary()).toMatchObject({ total: 1, bySeverity: { high: 1, medium: 0 } });

    const loopId = first.items[0]!.id;
    await api.loops.resolve({ loopId, note: "called back" });
    await projectAll(db.pool, clock);
    expect((await api.loops.list({})).items).toHaveLength(0);
    const resolved = await api.loops.list({ status: "resolved" });
    expect(resolved.items[0]).toMatchObject({ id: loopId, close_note: "called back" });
    await expect(api.loops.dismiss({ loopId })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(api.loops.dismiss({ loopId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const asOf = await api.entities.asOf({ type: "deal", id: lead.primary_entity.id, asOf: "2026-11-02T12:00:00Z", basis: "occurred" });
    expect(asOf.loops).toEqual([expect.objectContaining({ id: loopId, status: "active", severity: "medium" })]);

    // After the resolve, "provenance" keeps just the opening and closing events; "all" keeps both too here,
    // plus any note: add one so the two modes differ.
    await api.events.append({ ...leadCreated(), id: randomUUID(), event_type: "note_added", primary_entity: lead.primary_entity,
      occurred_at: "2026-11-03T11:00:00Z", payload: { text: "left a voicemail" } });
    const at = { type: "deal" as const, id: lead.primary_entity.id, asOf: "2026-11-04T00:00:00Z", basis: "recorded" as const };
    const all = await api.entities.asOf({ ...at, asOf: new Date(Date.now() + 60_000).toISOString() });
    const slim = await api.entities.asOf({ ...at, asOf: new Date(Date.now() + 60_000).toISOString(), events: "provenance" });
    expect(all.events.map((e) => e.event_type)).toEqual(["lead_created", "loop_resolved", "note_added"]);
    expect(slim.events.map((e) => e.event_type)).toEqual(["lead_created", "loop_resolved"]);
    expect(slim.loops).toEqual(all.loops);
    expect(slim.eventsUpToAsOf).toBe(3);
  });
});
