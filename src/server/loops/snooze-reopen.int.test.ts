import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg, sessionCaller } from "../../../tests/helpers/callers";
import { eventCount, eventOf, leadCreated } from "../../../tests/helpers/events";
import { loopRows, projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";
import type { CreatedOrg } from "../orgs/create-org";

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Org A"), newOrg(db.pool, "Org B")]);
});
afterAll(async () => db?.drop());

const HOUR = 3_600_000;
/** The server's clock for these calls: moved forward by tests that need time to pass. */
let now = new Date("2026-11-20T12:00:00Z");
const clock = () => now;
const api = (org: { orgId: string }) => apiCaller(db.pool, org, clock);
const later = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();

/** A projected deal with an active new_lead loop (due 24 h after it arrived, 4 h ago). */
async function activeLeadLoop(org: { orgId: string } = orgA) {
  const lead = leadCreated({ occurred_at: new Date(now.getTime() - 4 * HOUR).toISOString() });
  await api(org).events.append(lead);
  await projectAll(db.pool, clock);
  const loop = (await api(org).loops.list({})).items.find((l) => l.opened_by_event_id === lead.id)!;
  expect(loop).toMatchObject({ type: "new_lead", status: "active", snoozed_until: null });
  return { lead, loop };
}

const ids = async (org: { orgId: string }, snoozed: "exclude" | "include" | "only") =>
  (await api(org).loops.list({ snoozed, limit: 200 })).items.map((l) => l.id);

describe("loops.snooze", () => {
  it("snoozes an active loop: out of the default list, in 'only' and 'include', counted apart, without a projector run", async () => {
    const { loop } = await activeLeadLoop();
    const before = await api(orgA).loops.summary();
    const { event } = await sessionCaller(db.pool, orgA, { clock }).loops.snooze({ loopId: loop.id, until: later(30), note: " after the fair " });
    expect(event).toMatchObject({ event_type: "loop_snoozed", actor: { type: "user" }, payload: { loop_id: loop.id, until: later(30), note: "after the fair" } });
    // Projected before answering: the next read shows it.
    expect(await ids(orgA, "exclude")).not.toContain(loop.id);
    expect(await ids(orgA, "only")).toEqual([loop.id]);
    expect(await ids(orgA, "include")).toContain(loop.id);
    const row = (await api(orgA).loops.list({ snoozed: "only" })).items[0]!;
    expect(row).toMatchObject({ status: "active", severity: "medium", snoozed_until: later(30) });
    const after = await api(orgA).loops.summary();
    expect(after).toMatchObject({ total: before.total - 1, snoozed: before.snoozed + 1 });
    expect(after.byType.new_lead).toMatchObject({ total: before.byType.new_lead!.total - 1, snoozed: (before.byType.new_lead?.snoozed ?? 0) + 1 });
  });

  it("a later snooze replaces the earlier one", async () => {
    const { loop } = await activeLeadLoop();
    await api(orgA).loops.snooze({ loopId: loop.id, until: later(48) });
    await api(orgA).loops.snooze({ loopId: loop.id, until: later(2) });
    expect((await api(orgA).loops.list({ snoozed: "include", limit: 200 })).items.find((l) => l.id === loop.id)?.snoozed_until).toBe(later(2));
  });

  it("wakes by itself at until: the list judges by its now at once, the tick clears the row", async () => {
    const { loop } = await activeLeadLoop();
    await api(orgA).loops.snooze({ loopId: loop.id, until: later(1) });
    expect(await ids(orgA, "exclude")).not.toContain(loop.id);
    now = new Date(now.getTime() + HOUR);
    expect(await ids(orgA, "exclude")).toContain(loop.id);
    expect(await ids(orgA, "only")).not.toContain(loop.id);
    await projectAll(db.pool, clock); // the tick: entities.next_change_at included the snooze's end
    expect((await loopRows(db.pool, { orgId: orgA.orgId })).find((l) => l.id === loop.id)).toMatchObject({ status: "active", snoozed_until: null });
  });

  it("until at or before now, or past a year from now, is a BAD_REQUEST naming until, and writes nothing", async () => {
    const { loop } = await activeLeadLoop();
    const count = await eventCount(db.pool, orgA.orgId);
    const aYear = new Date(now);
    aYear.setUTCFullYear(aYear.getUTCFullYear() + 1);
    for (const until of [now.toISOString(), later(-1), new Date(aYear.getTime() + 1).toISOString()]) {
      const err = await callError(api(orgA).loops.snooze({ loopId: loop.id, until }));
      expect(err.code).toBe("BAD_REQUEST");
      expect(issuePaths(err)).toEqual(["until"]);
    }
    expect(await callError(api(orgA).loops.snooze({ loopId: loop.id, until: "tomorrow" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await eventCount(db.pool, orgA.orgId)).toBe(count);
    // Exactly a year ahead is still fine.
    await api(orgA).loops.snooze({ loopId: loop.id, until: aYear.toISOString() });
  });

  it("a loop that is not active is a CONFLICT and writes nothing", async () => {
    const { loop } = await activeLeadLoop();
    await api(orgA).loops.dismiss({ loopId: loop.id });
    const count = await eventCount(db.pool, orgA.orgId);
    expect((await callError(api(orgA).loops.snooze({ loopId: loop.id, until: later(5) }))).code).toBe("CONFLICT");
    expect(await eventCount(db.pool, orgA.orgId)).toBe(count);
  });
});

describe("loops.reopen", () => {
  it("undoes a dismiss and a resolve: active again, same id, reopened_by set, in the default list", async () => {
    for (const close of ["dismiss", "resolve"] as const) {
      const { loop } = await activeLeadLoop();
      await api(orgA).loops[close]({ loopId: loop.id });
      const { event } = await api(orgA).loops.reopen({ loopId: loop.id, note: "undo" });
      const row = (await api(orgA).loops.list({ limit: 200 })).items.find((l) => l.id === loop.id);
      expect(row).toMatchObject({ status: "active", closed_by_event_id: null, close_note: null, reopened_by_event_id: event.id });
    }
  });

  it("undoes a snooze", async () => {
    const { loop } = await activeLeadLoop();
    await api(orgA).loops.snooze({ loopId: loop.id, until: later(10) });
    const { event } = await api(orgA).loops.reopen({ loopId: loop.id });
    expect((await api(orgA).loops.list({ limit: 200 })).items.find((l) => l.id === loop.id)).toMatchObject({
      snoozed_until: null, reopened_by_event_id: event.id,
    });
  });

  it("refuses with a CONFLICT, writing nothing: closed by a business event, never closed, or a twin", async () => {
    const closedByEvent = await activeLeadLoop();
    await api(orgA).events.append(eventOf("quote_requested", { entity: closedByEvent.lead.primary_entity, occurred_at: later(-1) }));
    await projectAll(db.pool, clock);
    const open = await activeLeadLoop();
    const count = await eventCount(db.pool, orgA.orgId);
    for (const loopId of [closedByEvent.loop.id, open.loop.id]) {
      const err = await callError(api(orgA).loops.reopen({ loopId }));
      expect(err).toMatchObject({ code: "CONFLICT" });
      expect(issuePaths(err)).toEqual(["loopId"]);
    }
    expect(await eventCount(db.pool, orgA.orgId)).toBe(count);

    // A quote request dismissed, then a new one (a new quote_needed loop): undoing the first would make twins.
    const deal = { id: randomUUID(), type: "deal" as const };
    const first = eventOf("quote_requested", { entity: deal, occurred_at: later(-3), payload: {} });
    await api(orgA).events.append(first);
    await projectAll(db.pool, clock);
    const firstLoop = (await api(orgA).loops.list({ type: "quote_needed", limit: 200 })).items.find((l) => l.opened_by_event_id === first.id)!;
    await api(orgA).loops.dismiss({ loopId: firstLoop.id });
    await api(orgA).events.append(eventOf("quote_requested", { entity: deal, occurred_at: later(-1), payload: {} }));
    const err = await callError(api(orgA).loops.reopen({ loopId: firstLoop.id }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/newer active loop/);
  });
});

describe("org isolation", () => {
  it("another org's loop (or none) is NOT_FOUND for snooze and reopen, and nothing is written in either org", async () => {
    const { loop } = await activeLeadLoop(orgA);
    await api(orgA).loops.dismiss({ loopId: loop.id });
    const before = { a: await eventCount(db.pool, orgA.orgId), b: await eventCount(db.pool, orgB.orgId) };
    expect((await callError(api(orgB).loops.snooze({ loopId: loop.id, until: later(5) }))).code).toBe("NOT_FOUND");
    expect((await callError(sessionCaller(db.pool, orgB).loops.reopen({ loopId: loop.id }))).code).toBe("NOT_FOUND");
    expect((await callError(api(orgA).loops.reopen({ loopId: randomUUID() }))).code).toBe("NOT_FOUND");
    expect({ a: await eventCount(db.pool, orgA.orgId), b: await eventCount(db.pool, orgB.orgId) }).toEqual(before);
    expect((await api(orgB).loops.list({ snoozed: "include", status: "dismissed" })).items.map((l) => l.id)).not.toContain(loop.id);
  });
});
