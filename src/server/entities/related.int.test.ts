import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventOf, leadCreated } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import type { CreatedOrg } from "../orgs/create-org";

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Org A"), newOrg(db.pool, "Org B")]);
});
afterAll(async () => db?.drop());

const clock = () => new Date("2026-11-20T12:00:00Z");

describe("entities.followups and entities.displayName", () => {
  it("list the follow-ups about an entity, newest first, and name it; another org sees neither", async () => {
    const deal = { id: randomUUID(), type: "deal" as const };
    const [first, second] = [randomUUID(), randomUUID()];
    const a = apiCaller(db.pool, orgA);
    await a.events.append(leadCreated({ primary_entity: deal, payload: { name: "Grace Hopper" } }));
    const schedule = (id: string, note: string) =>
      eventOf("followup_scheduled", { entity: { id, type: "followup" }, payload: { due_at: "2026-11-25T09:00:00Z", note, about: deal } });
    await a.events.append(schedule(first, "Ask about the cake"));
    await a.events.append(eventOf("followup_sent", { entity: { id: first, type: "followup" }, payload: { channel: "email" } }));
    await projectAll(db.pool, clock);
    // Projected in a later pass: the newer one.
    await a.events.append(schedule(second, "Send the menu"));
    // Unrelated: a follow-up about another deal.
    await a.events.append(eventOf("followup_scheduled", {
      payload: { due_at: "2026-11-25T09:00:00Z", note: "Other", about: { id: randomUUID(), type: "deal" } },
    }));
    await projectAll(db.pool, clock);

    const when = { scheduled_at: expect.any(String), recorded_at: expect.any(String) };
    const listed = await a.entities.followups(deal);
    expect(listed).toEqual([
      { id: second, title: "Send the menu", status: "scheduled", ...when },
      { id: first, title: "Ask about the cake", status: "sent", ...when },
    ]);
    // When each came to be: its scheduling, on both time bases (a page at a past moment lists only those that existed).
    const events = await a.entities.timeline({ type: "followup", id: first });
    const scheduled = events.items.find((e) => e.event_type === "followup_scheduled")!;
    expect(listed[1]).toMatchObject({ scheduled_at: scheduled.occurred_at, recorded_at: scheduled.created_at });
    expect(await a.entities.displayName(deal)).toEqual({ name: "Grace Hopper" });

    const b = apiCaller(db.pool, orgB);
    expect(await b.entities.followups(deal)).toEqual([]);
    expect(await b.entities.displayName(deal)).toEqual({ name: null });
    expect(await b.entities.displayName({ id: first, type: "followup" })).toEqual({ name: null });
  });
});
