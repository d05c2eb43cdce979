import { describe, expect, it } from "vitest";
import { initialEntityState } from "../entities/initial-state";
import { DEAL, FOLLOWUP, INVOICE, ORG, TestLog } from "../testing/fixtures";
import { type LoopMemo, deriveLoops } from "./derive";
import { evolveEntity } from "../entities/evolve";
import { foldEntity } from "../entities/fold";
import { foldWithChanges } from "./fold-changes";
import { notificationId } from "./ids";

const at = (iso: string) => new Date(iso);
const summary = (cs: ReturnType<typeof foldWithChanges>["changes"]) => cs.map((c) => `${c.kind}:${c.loop.type}:${c.caused_by_event_id ?? "time"}`);

describe("foldWithChanges", () => {
  it("pins each change on the event that caused it, within one step", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const ask = log.add(DEAL, "quote_requested", {}, "2025-01-06T10:00:00Z");
    const step = foldWithChanges(initialEntityState("deal", DEAL.id, ORG), [], false, log.events, at("2025-01-06T11:00:00Z"));
    expect(summary(step.changes)).toEqual([`opened:new_lead:${lead.id}`, `closed:new_lead:${ask.id}`, `opened:quote_needed:${ask.id}`]);
    expect(step.changes.map((c) => c.changed_at)).toEqual([lead.created_at, ask.created_at, ask.created_at]);
    expect(step.loops).toEqual(deriveLoops(step.state, at("2025-01-06T11:00:00Z")));
  });

  it("a record no event touched keeps its object, and its loop is derived once per step", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "quote_requested", {}, "2025-01-06T10:00:00Z");
    const sent = log.add(DEAL, "quote_sent", { amount_cents: 100, currency: "EUR" }, "2025-01-06T11:00:00Z");
    const before = foldEntity(initialEntityState("deal", DEAL.id, ORG), log.events.slice(0, 2));
    const after = evolveEntity(before, sent);
    if (before.entity_type !== "deal" || after.entity_type !== "deal") throw new Error("a deal");
    // quote_sent closes quote_needed and opens decision_pending; the closed new_lead is untouched.
    expect(after.loops[0]).toBe(before.loops[0]);
    expect(after.loops[1]).not.toBe(before.loops[1]);
    const memo: LoopMemo = new Map();
    const now = at("2025-01-06T12:00:00Z");
    const [a, b] = [deriveLoops(before, now, memo), deriveLoops(after, now, memo)];
    expect(b[0]).toBe(a[0]);
    expect(b).toEqual(deriveLoops(after, now));
  });

  it("keeps a change undone within the step (snoozed, then reopened)", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T00:00:00Z" }, "2025-01-06T00:00:00Z");
    const base = foldWithChanges(initialEntityState("followup", FOLLOWUP.id, ORG), [], false, log.events, at("2025-01-07T00:00:00Z"));
    const loopId = base.loops[0]!.id;
    const snooze = log.add(FOLLOWUP, "loop_snoozed", { loop_id: loopId, until: "2025-01-09T00:00:00Z" }, "2025-01-07T00:00:00Z");
    const reopen = log.add(FOLLOWUP, "loop_reopened", { loop_id: loopId }, "2025-01-07T00:01:00Z");
    const step = foldWithChanges(base.state, base.loops, false, [snooze, reopen], at("2025-01-07T00:02:00Z"));
    expect(summary(step.changes)).toEqual([`snoozed:followup_due:${snooze.id}`, `reopened:followup_due:${reopen.id}`]);
  });

  it("what time changed since the rows were derived comes first, caused by nobody, at its own instant", () => {
    const log = new TestLog();
    log.add(INVOICE, "invoice_issued", { amount_cents: 100, currency: "EUR", due_at: "2025-02-01T00:00:00Z" }, "2025-01-06T09:00:00Z");
    const rows = foldWithChanges(initialEntityState("invoice", INVOICE.id, ORG), [], false, log.events, at("2025-01-20T00:00:00Z"));
    expect(rows.changes).toEqual([]);
    const pay = log.add(INVOICE, "payment_received", { amount_cents: 100, currency: "EUR" }, "2025-02-03T00:00:00Z");
    const step = foldWithChanges(rows.state, rows.loops, true, [pay], at("2025-02-03T00:00:00Z"));
    expect(summary(step.changes)).toEqual(["opened:invoice_overdue:time", `closed:invoice_overdue:${pay.id}`]);
    expect(step.changes[0]!.changed_at).toBe("2025-02-01T00:00:00.000Z");
    // Without the time flag the opening would be pinned on the payment.
    const blind = foldWithChanges(rows.state, rows.loops, false, [pay], at("2025-02-03T00:00:00Z"));
    expect(summary(blind.changes)).toEqual([`opened:invoice_overdue:${pay.id}`, `closed:invoice_overdue:${pay.id}`]);
  });
});

describe("notificationId", () => {
  it("is the same for the same change and differs by change, instant and cause", () => {
    const loop = "7f3c2a52-6a6a-5c38-9a4e-3a0d2b7c1e11";
    const id = notificationId(loop, "escalated", "2025-01-07T09:00:00.000Z", null);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Its first 48 bits are the instant: ids sort by time.
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.parse("2025-01-07T09:00:00.000Z"));
    expect(notificationId(loop, "escalated", "2025-01-07T09:00:01.000Z", null) > id).toBe(true);
    expect(notificationId(loop, "escalated", "2025-01-07T09:00:00.000Z", null)).toBe(id);
    const others = [
      notificationId(loop, "opened", "2025-01-07T09:00:00.000Z", null),
      notificationId(loop, "escalated", "2025-01-07T09:00:00.001Z", null),
      notificationId(loop, "escalated", "2025-01-07T09:00:00.000Z", "00000000-0000-4000-8000-000000000001"),
    ];
    expect(new Set([id, ...others]).size).toBe(4);
  });
});
