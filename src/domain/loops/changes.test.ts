import { describe, expect, it } from "vitest";
import { DEAL, FOLLOWUP, INVOICE, TestLog } from "../testing/fixtures";
import { diffLoops } from "./changes";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);
const kinds = (cs: ReturnType<typeof diffLoops>) => cs.map((c) => `${c.kind}:${c.loop.type}`);

describe("diffLoops", () => {
  it("an event that opens a loop and closes another reports both, caused by it, at its instant", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const before = loopsOf(log.events, at("2025-01-06T10:00:00Z"));
    const e = log.add(DEAL, "quote_requested", {}, "2025-01-06T10:00:00Z");
    const changes = diffLoops(before, loopsOf(log.events, at("2025-01-06T10:00:00Z")), { eventId: e.id, at: e.occurred_at });
    expect(kinds(changes).sort()).toEqual(["closed:new_lead", "opened:quote_needed"]);
    expect(changes.every((c) => c.caused_by_event_id === e.id && c.changed_at === e.occurred_at)).toBe(true);
  });

  it("time alone: escalation at the due date, with no causing event", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const changes = diffLoops(loopsOf(log.events, at("2025-01-07T08:00:00Z")), loopsOf(log.events, at("2025-01-07T10:00:00Z")), { eventId: null });
    expect(changes).toMatchObject([{ kind: "escalated", caused_by_event_id: null, changed_at: "2025-01-07T09:00:00.000Z" }]);
  });

  it("time alone opens an overdue invoice at its due date", () => {
    const log = new TestLog();
    log.add(INVOICE, "invoice_issued", { amount_cents: 100, currency: "EUR", due_at: "2025-02-01T00:00:00Z" }, "2025-01-06T09:00:00Z");
    const changes = diffLoops(loopsOf(log.events, at("2025-01-31T00:00:00Z")), loopsOf(log.events, at("2025-02-02T00:00:00Z")), { eventId: null });
    expect(changes).toMatchObject([{ kind: "opened", loop: { type: "invoice_overdue", severity: "high" }, changed_at: "2025-02-01T00:00:00.000Z" }]);
  });

  it("a loop that vanishes (a late-recorded payment dated before the due date) is reported closed", () => {
    const log = new TestLog();
    log.add(INVOICE, "invoice_issued", { amount_cents: 100, currency: "EUR", due_at: "2025-02-01T00:00:00Z" }, "2025-01-06T09:00:00Z");
    const before = loopsOf(log.events, at("2025-02-03T00:00:00Z"));
    const pay = log.add(INVOICE, "payment_received", { amount_cents: 100, currency: "EUR" }, "2025-01-20T00:00:00Z", "2025-02-03T00:00:00Z");
    const changes = diffLoops(before, loopsOf(log.events, at("2025-02-03T00:00:00Z")), { eventId: pay.id, at: pay.created_at });
    expect(changes).toMatchObject([{ kind: "closed", loop: { status: "resolved", closed_by_event_id: pay.id }, caused_by_event_id: pay.id }]);
  });

  it("snooze, wake by time, and reopen after a dismiss", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T00:00:00Z" }, "2025-01-06T00:00:00Z");
    const loopId = loopsOf(log.events, at("2025-01-06T00:00:00Z"))[0]!.id;
    const s0 = loopsOf(log.events, at("2025-01-07T00:00:00Z"));
    const snooze = log.add(FOLLOWUP, "loop_snoozed", { loop_id: loopId, until: "2025-01-08T00:00:00Z" }, "2025-01-07T00:00:00Z");
    const s1 = loopsOf(log.events, at("2025-01-07T00:00:00Z"));
    expect(kinds(diffLoops(s0, s1, { eventId: snooze.id, at: snooze.occurred_at }))).toEqual(["snoozed:followup_due"]);
    const s2 = loopsOf(log.events, at("2025-01-08T01:00:00Z"));
    expect(diffLoops(s1, s2, { eventId: null })).toMatchObject([{ kind: "woke", changed_at: "2025-01-08T00:00:00.000Z" }]);
    const dismiss = log.add(FOLLOWUP, "loop_dismissed", { loop_id: loopId }, "2025-01-09T00:00:00Z");
    const s3 = loopsOf(log.events, at("2025-01-09T00:00:00Z"));
    expect(kinds(diffLoops(s2, s3, { eventId: dismiss.id, at: dismiss.occurred_at }))).toEqual(["closed:followup_due"]);
    const reopen = log.add(FOLLOWUP, "loop_reopened", { loop_id: loopId }, "2025-01-09T01:00:00Z");
    const s4 = loopsOf(log.events, at("2025-01-09T01:00:00Z"));
    expect(kinds(diffLoops(s3, s4, { eventId: reopen.id, at: reopen.occurred_at }))).toEqual(["reopened:followup_due"]);
  });

  it("nothing changes, nothing is reported; a due date moved later is not news", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T00:00:00Z" }, "2025-01-06T00:00:00Z");
    const a = loopsOf(log.events, at("2025-01-12T00:00:00Z"));
    expect(diffLoops(a, a, { eventId: null })).toEqual([]);
    const e = log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-20T00:00:00Z" }, "2025-01-12T00:00:00Z");
    expect(diffLoops(a, loopsOf(log.events, at("2025-01-12T00:00:00Z")), { eventId: e.id, at: e.occurred_at })).toEqual([]);
  });
});
