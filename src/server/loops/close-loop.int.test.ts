import { randomUUID } from "node:crypto";
import { version as uuidVersion } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg, sessionCaller } from "../../../tests/helpers/callers";
import { eventCount, eventOf, leadCreated } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError } from "../../../tests/helpers/trpc-errors";
import type { CreatedOrg } from "../orgs/create-org";

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Org A"), newOrg(db.pool, "Org B")]);
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");
const clock = () => NOW;
const api = (org: { orgId: string }) => apiCaller(db.pool, org, clock);

/** Appends a lead, projects it and returns its new_lead loop. */
async function activeLeadLoop(org: { orgId: string }) {
  const lead = leadCreated({ occurred_at: "2026-11-20T08:00:00Z" });
  await api(org).events.append(lead);
  await projectAll(db.pool, clock);
  const loop = (await api(org).loops.list({})).items.find((l) => l.opened_by_event_id === lead.id)!;
  expect(loop).toMatchObject({ type: "new_lead", status: "active" });
  return { lead, loop };
}

async function logged(eventId: string) {
  const r = await db.pool.query("SELECT event_type, actor_id, actor_type, payload FROM system_events WHERE id = $1", [eventId]);
  return r.rows[0];
}

describe("loops.dismiss / loops.resolve", () => {
  it("dismiss appends loop_dismissed and stores the reason as close_note", async () => {
    const { loop } = await activeLeadLoop(orgA);
    const { event } = await api(orgA).loops.dismiss({ loopId: loop.id, reason: "  spam, not a lead " });
    await projectAll(db.pool, clock); // usually done already: the command projects before answering
    expect(await logged(event.id)).toMatchObject({
      event_type: "loop_dismissed",
      actor_type: "system",
      payload: { loop_id: loop.id, reason: "spam, not a lead" },
    });
    expect(uuidVersion(event.id)).toBe(7); // a fresh id is time-ordered (docs/api.md)
    expect((await api(orgA).loops.list({})).items.map((l) => l.id)).not.toContain(loop.id);
    const dismissed = (await api(orgA).loops.list({ status: "dismissed" })).items.find((l) => l.id === loop.id);
    expect(dismissed).toMatchObject({ status: "dismissed", close_note: "spam, not a lead", closed_by_event_id: event.id });
  });

  it("resolve from a dashboard session stores the note as close_note, with the user as actor", async () => {
    const { loop } = await activeLeadLoop(orgA);
    const { event } = await sessionCaller(db.pool, orgA).loops.resolve({ loopId: loop.id, note: "called back" });
    await projectAll(db.pool, clock);
    expect(await logged(event.id)).toMatchObject({ event_type: "loop_resolved", actor_type: "user", actor_id: orgA.userId });
    const resolved = (await api(orgA).loops.list({ status: "resolved" })).items.find((l) => l.id === loop.id);
    expect(resolved).toMatchObject({ status: "resolved", close_note: "called back", closed_by_event_id: event.id });
  });

  it("a loop that is not active is a CONFLICT and writes nothing", async () => {
    const { loop } = await activeLeadLoop(orgA);
    await api(orgA).loops.dismiss({ loopId: loop.id });
    await projectAll(db.pool, clock);
    const before = await eventCount(db.pool);
    expect((await callError(api(orgA).loops.dismiss({ loopId: loop.id, reason: "again" }))).code).toBe("CONFLICT");
    expect((await callError(api(orgA).loops.resolve({ loopId: loop.id }))).code).toBe("CONFLICT");
    expect(await eventCount(db.pool)).toBe(before);
    const row = (await api(orgA).loops.list({ status: "dismissed" })).items.find((l) => l.id === loop.id);
    expect(row?.close_note).toBeNull();
  });

  it("a loop the log has closed while the projection still shows it active is a CONFLICT too", async () => {
    const { lead, loop } = await activeLeadLoop(orgA);
    // quote_requested resolves new_lead; the projector has not run yet.
    await api(orgA).events.append(eventOf("quote_requested", { entity: lead.primary_entity, occurred_at: "2026-11-20T09:00:00Z" }));
    expect((await api(orgA).loops.list({})).items.map((l) => l.id)).toContain(loop.id);
    const before = await eventCount(db.pool);
    expect((await callError(sessionCaller(db.pool, orgA).loops.dismiss({ loopId: loop.id }))).code).toBe("CONFLICT");
    expect(await eventCount(db.pool)).toBe(before);
  });

  it("an invoice_overdue loop can be dismissed once; then it is a CONFLICT", async () => {
    const invoice = eventOf("invoice_issued", {
      occurred_at: "2026-10-01T00:00:00Z",
      payload: { amount_cents: 10_000, currency: "EUR", due_at: "2026-11-01T00:00:00Z" },
    });
    await api(orgA).events.append(invoice);
    await projectAll(db.pool, clock);
    const loop = (await api(orgA).loops.list({ type: "invoice_overdue" })).items.find((l) => l.opened_by_event_id === invoice.id)!;
    expect(loop).toMatchObject({ status: "active", severity: "high" });
    await api(orgA).loops.dismiss({ loopId: loop.id, reason: "written off" });
    await projectAll(db.pool, clock);
    expect((await api(orgA).loops.list({ status: "dismissed", type: "invoice_overdue" })).items).toEqual([
      expect.objectContaining({ id: loop.id, close_note: "written off" }),
    ]);
    const before = await eventCount(db.pool);
    expect((await callError(api(orgA).loops.resolve({ loopId: loop.id }))).code).toBe("CONFLICT");
    expect(await eventCount(db.pool)).toBe(before);
  });

  it("another org's loop, or no loop at all, is NOT_FOUND and writes nothing in either org", async () => {
    const { loop } = await activeLeadLoop(orgA);
    const before = { a: await eventCount(db.pool, orgA.orgId), b: await eventCount(db.pool, orgB.orgId) };
    expect((await callError(api(orgB).loops.dismiss({ loopId: loop.id, reason: "not mine" }))).code).toBe("NOT_FOUND");
    expect((await callError(sessionCaller(db.pool, orgB).loops.resolve({ loopId: loop.id }))).code).toBe("NOT_FOUND");
    expect((await callError(api(orgA).loops.dismiss({ loopId: randomUUID() }))).code).toBe("NOT_FOUND");
    expect({ a: await eventCount(db.pool, orgA.orgId), b: await eventCount(db.pool, orgB.orgId) }).toEqual(before);
    expect((await api(orgA).loops.list({})).items.find((l) => l.id === loop.id)).toMatchObject({ status: "active", close_note: null });
  });
});
