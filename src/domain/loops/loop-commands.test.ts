import { describe, expect, it } from "vitest";
import { DEAL, INVOICE, TestLog, stateOf } from "../testing/fixtures";
import { isLoopActive } from "./derive";
import { loopId } from "./ids";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);
const UNKNOWN = "00000000-0000-4000-8000-0000000fffff";

describe("loop_dismissed / loop_resolved", () => {
  it("loop_dismissed dismisses an active loop, keeping the reason", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const cmd = log.add(
      DEAL,
      "loop_dismissed",
      { loop_id: loopId(lead.id, "new_lead"), reason: "spam" },
      "2025-01-06T10:00:00Z",
    );
    expect(loopsOf(log.events, at("2025-01-08T00:00:00Z"))).toEqual([
      expect.objectContaining({ status: "dismissed", closed_by_event_id: cmd.id, reason: "spam", note: null, severity: "medium" }),
    ]);
  });

  it("loop_resolved resolves an active loop, keeping the note", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const cmd = log.add(
      DEAL,
      "loop_resolved",
      { loop_id: loopId(lead.id, "new_lead"), note: "called" },
      "2025-01-08T10:00:00Z",
    );
    expect(loopsOf(log.events, at("2025-01-09T00:00:00Z"))).toEqual([
      expect.objectContaining({ status: "resolved", closed_by_event_id: cmd.id, note: "called", reason: null, severity: "high" }),
    ]);
  });

  it("a dismiss naming an already closed loop changes nothing", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const req = log.add(DEAL, "quote_requested", {}, "2025-01-06T10:00:00Z");
    const before = loopsOf(log.events, at("2025-01-07T00:00:00Z"));
    log.add(DEAL, "loop_dismissed", { loop_id: loopId(lead.id, "new_lead") }, "2025-01-06T11:00:00Z");
    expect(loopsOf(log.events, at("2025-01-07T00:00:00Z"))).toEqual(before);
    expect(before[0]).toMatchObject({ status: "resolved", closed_by_event_id: req.id });
  });

  it("a command naming an unknown loop, or a loop of another entity, changes nothing", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const before = loopsOf(log.events, at("2025-01-07T00:00:00Z"));
    log.add(DEAL, "loop_resolved", { loop_id: UNKNOWN }, "2025-01-06T11:00:00Z");
    log.add(INVOICE, "loop_resolved", { loop_id: loopId(lead.id, "new_lead") }, "2025-01-06T11:00:00Z");
    expect(loopsOf(log.events, at("2025-01-07T00:00:00Z"))).toEqual(before);
  });

  it("a dismissed loop does not block a new one opened by a later event", () => {
    const log = new TestLog();
    const sched = log.add(DEAL, "quote_requested", {}, "2025-01-06T09:00:00Z");
    log.add(DEAL, "loop_dismissed", { loop_id: loopId(sched.id, "quote_needed") }, "2025-01-06T10:00:00Z");
    const again = log.add(DEAL, "quote_requested", {}, "2025-01-07T09:00:00Z");
    expect(isLoopActive(stateOf(log.events), loopId(again.id, "quote_needed"), at("2025-01-07T10:00:00Z"))).toBe(true);
  });
});

describe("loop commands on invoice_overdue (active at that point = occurred_at ≥ due_at and unpaid)", () => {
  const setup = () => {
    const log = new TestLog();
    const issue = log.add(
      INVOICE,
      "invoice_issued",
      { amount_cents: 100, currency: "EUR", due_at: "2025-01-31T00:00:00Z" },
      "2025-01-01T00:00:00Z",
    );
    return { log, id: loopId(issue.id, "invoice_overdue") };
  };

  it("a dismiss occurring after due_at dismisses it for good, even once paid later", () => {
    const { log, id } = setup();
    const cmd = log.add(INVOICE, "loop_dismissed", { loop_id: id, reason: "disputed" }, "2025-02-02T00:00:00Z");
    log.add(INVOICE, "payment_received", { amount_cents: 100, currency: "EUR" }, "2025-02-10T00:00:00Z");
    for (const asOf of ["2025-02-03T00:00:00Z", "2026-01-01T00:00:00Z"]) {
      expect(loopsOf(log.events, at(asOf))).toEqual([
        expect.objectContaining({ id, status: "dismissed", closed_by_event_id: cmd.id, reason: "disputed", severity: "high" }),
      ]);
    }
  });

  it("a dismiss occurring before due_at targets a loop not yet open: nothing changes", () => {
    const { log, id } = setup();
    log.add(INVOICE, "loop_dismissed", { loop_id: id }, "2025-01-15T00:00:00Z");
    expect(loopsOf(log.events, at("2025-02-03T00:00:00Z"))).toEqual([expect.objectContaining({ id, status: "active" })]);
  });

  it("a resolve after the invoice was paid changes nothing", () => {
    const { log, id } = setup();
    const payment = log.add(
      INVOICE,
      "payment_received",
      { amount_cents: 100, currency: "EUR" },
      "2025-02-05T00:00:00Z",
    );
    log.add(INVOICE, "loop_resolved", { loop_id: id }, "2025-02-06T00:00:00Z");
    expect(loopsOf(log.events, at("2025-02-07T00:00:00Z"))).toEqual([
      expect.objectContaining({ status: "resolved", closed_by_event_id: payment.id }),
    ]);
  });

  it("isLoopActive agrees with the fold at the command's instant", () => {
    const { log, id } = setup();
    const state = stateOf(log.events);
    expect(isLoopActive(state, id, at("2025-01-30T00:00:00Z"))).toBe(false);
    expect(isLoopActive(state, id, at("2025-01-31T00:00:00Z"))).toBe(true);
    expect(isLoopActive(state, UNKNOWN, at("2025-02-01T00:00:00Z"))).toBe(false);
  });
});
