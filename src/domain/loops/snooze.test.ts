import { describe, expect, it } from "vitest";
import { nextChangeAt } from "../entities/next-change";
import { DEAL, FOLLOWUP, INVOICE, TestLog, stateOf } from "../testing/fixtures";
import { loopId } from "./ids";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);
const only = (log: TestLog, asOf: string) => {
  const loops = loopsOf(log.events, at(asOf));
  expect(loops).toHaveLength(1);
  return loops[0]!;
};

/** A lead on Monday 09:00 (new_lead due Tuesday 09:00), snoozed on Monday 10:00 until `until`. */
function snoozedLead(until: string) {
  const log = new TestLog();
  const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
  const id = loopId(lead.id, "new_lead");
  const snooze = log.add(DEAL, "loop_snoozed", { loop_id: id, until }, "2025-01-06T10:00:00Z");
  return { log, id, snooze };
}

describe("loop_snoozed", () => {
  it("snoozes an active loop until `until`: still active, back by itself at until", () => {
    const { log, id } = snoozedLead("2025-01-06T18:00:00Z");
    expect(only(log, "2025-01-06T17:59:59.999Z")).toMatchObject({ id, status: "active", snoozed_until: "2025-01-06T18:00:00.000Z" });
    expect(only(log, "2025-01-06T12:00:00Z").snoozed_until).not.toBeNull();
    expect(only(log, "2025-01-06T18:00:00Z")).toMatchObject({ id, status: "active", snoozed_until: null });
    expect(only(log, "2025-01-07T00:00:00Z").snoozed_until).toBeNull();
  });

  it("severity follows the usual rule while snoozed: high once due", () => {
    const { log } = snoozedLead("2025-01-09T09:00:00Z");
    expect(only(log, "2025-01-07T08:59:00Z")).toMatchObject({ severity: "medium", snoozed_until: "2025-01-09T09:00:00.000Z" });
    expect(only(log, "2025-01-07T09:00:00Z")).toMatchObject({ severity: "high", snoozed_until: "2025-01-09T09:00:00.000Z" });
  });

  it("a later snooze replaces the earlier one, shorter or longer", () => {
    const { log, id } = snoozedLead("2025-01-10T00:00:00Z");
    log.add(DEAL, "loop_snoozed", { loop_id: id, until: "2025-01-07T00:00:00Z" }, "2025-01-06T11:00:00Z");
    expect(only(log, "2025-01-06T12:00:00Z").snoozed_until).toBe("2025-01-07T00:00:00.000Z");
    expect(only(log, "2025-01-08T00:00:00Z").snoozed_until).toBeNull();
    log.add(DEAL, "loop_snoozed", { loop_id: id, until: "2025-01-20T00:00:00+01:00" }, "2025-01-08T00:00:00Z");
    expect(only(log, "2025-01-12T00:00:00Z").snoozed_until).toBe("2025-01-19T23:00:00.000Z");
  });

  it("events that move the due date keep the snooze", () => {
    const log = new TestLog();
    const sent = log.add(DEAL, "quote_sent", { amount_cents: 100, currency: "EUR", valid_until: "2025-01-10T00:00:00Z" }, "2025-01-06T09:00:00Z");
    const id = loopId(sent.id, "decision_pending");
    log.add(DEAL, "loop_snoozed", { loop_id: id, until: "2025-01-08T00:00:00Z" }, "2025-01-06T10:00:00Z");
    log.add(DEAL, "quote_sent", { amount_cents: 90, currency: "EUR", valid_until: "2025-01-20T00:00:00Z" }, "2025-01-07T09:00:00Z");
    expect(only(log, "2025-01-07T10:00:00Z")).toMatchObject({ id, due_at: "2025-01-20T00:00:00.000Z", snoozed_until: "2025-01-08T00:00:00.000Z" });

    const f = new TestLog();
    const sched = f.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-08T00:00:00Z" }, "2025-01-06T09:00:00Z");
    const fid = loopId(sched.id, "followup_due");
    f.add(FOLLOWUP, "loop_snoozed", { loop_id: fid, until: "2025-01-09T00:00:00Z" }, "2025-01-06T10:00:00Z");
    f.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-12T00:00:00Z" }, "2025-01-07T09:00:00Z");
    expect(only(f, "2025-01-08T12:00:00Z")).toMatchObject({ due_at: "2025-01-12T00:00:00.000Z", snoozed_until: "2025-01-09T00:00:00.000Z" });
  });

  it("a closing event closes the loop whatever its snooze, and the snooze ends with it", () => {
    const { log, id } = snoozedLead("2025-01-10T00:00:00Z");
    const req = log.add(DEAL, "quote_requested", {}, "2025-01-06T11:00:00Z");
    expect(loopsOf(log.events, at("2025-01-06T12:00:00Z")).find((l) => l.id === id)).toMatchObject({
      status: "resolved", closed_by_event_id: req.id, snoozed_until: null,
    });
    const d = snoozedLead("2025-01-10T00:00:00Z");
    const cmd = d.log.add(DEAL, "loop_dismissed", { loop_id: d.id }, "2025-01-06T11:00:00Z");
    expect(only(d.log, "2025-01-06T12:00:00Z")).toMatchObject({ status: "dismissed", closed_by_event_id: cmd.id, snoozed_until: null });
  });

  it("on a loop that is not active, or not this entity's, or unknown: nothing", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const id = loopId(lead.id, "new_lead");
    log.add(DEAL, "loop_resolved", { loop_id: id }, "2025-01-06T10:00:00Z");
    const before = loopsOf(log.events, at("2025-01-06T12:00:00Z"));
    log.add(DEAL, "loop_snoozed", { loop_id: id, until: "2025-01-08T00:00:00Z" }, "2025-01-06T11:00:00Z");
    log.add(DEAL, "loop_snoozed", { loop_id: "00000000-0000-4000-8000-0000000fffff", until: "2025-01-08T00:00:00Z" }, "2025-01-06T11:00:00Z");
    log.add(INVOICE, "loop_snoozed", { loop_id: id, until: "2025-01-08T00:00:00Z" }, "2025-01-06T11:00:00Z");
    expect(loopsOf(log.events, at("2025-01-06T12:00:00Z"))).toEqual(before);
  });

  it("the tick's next change includes the snooze's end", () => {
    const { log } = snoozedLead("2025-01-06T18:00:00Z");
    expect(nextChangeAt(stateOf(log.events), at("2025-01-06T12:00:00Z"))).toEqual(at("2025-01-06T18:00:00Z"));
    expect(nextChangeAt(stateOf(log.events), at("2025-01-06T18:00:00Z"))).toEqual(at("2025-01-07T09:00:00Z"));
  });
});

describe("loop_snoozed on invoice_overdue (active at that point = occurred_at ≥ due_at and unpaid)", () => {
  const overdue = () => {
    const log = new TestLog();
    const issue = log.add(INVOICE, "invoice_issued", { amount_cents: 100, currency: "EUR", due_at: "2025-01-31T00:00:00Z" }, "2025-01-01T00:00:00Z");
    return { log, id: loopId(issue.id, "invoice_overdue") };
  };

  it("snoozes it once due, wakes at until, and the tick knows when", () => {
    const { log, id } = overdue();
    log.add(INVOICE, "loop_snoozed", { loop_id: id, until: "2025-02-05T00:00:00Z" }, "2025-02-01T00:00:00Z");
    expect(only(log, "2025-02-02T00:00:00Z")).toMatchObject({ id, status: "active", severity: "high", snoozed_until: "2025-02-05T00:00:00.000Z" });
    expect(only(log, "2025-02-05T00:00:00Z").snoozed_until).toBeNull();
    expect(nextChangeAt(stateOf(log.events), at("2025-02-02T00:00:00Z"))).toEqual(at("2025-02-05T00:00:00Z"));
    expect(nextChangeAt(stateOf(log.events), at("2025-02-05T00:00:00Z"))).toBeNull();
  });

  it("a snooze before the invoice falls due targets a loop not yet open: nothing", () => {
    const { log } = overdue();
    const before = loopsOf(log.events, at("2025-02-02T00:00:00Z"));
    log.add(INVOICE, "loop_snoozed", { loop_id: overdue().id, until: "2025-02-05T00:00:00Z" }, "2025-01-20T00:00:00Z");
    expect(loopsOf(log.events, at("2025-02-02T00:00:00Z"))).toEqual(before);
  });

  it("the payment that settles it closes it, and a later larger re-issue brings it back unsnoozed", () => {
    const { log, id } = overdue();
    log.add(INVOICE, "loop_snoozed", { loop_id: id, until: "2025-03-01T00:00:00Z" }, "2025-02-01T00:00:00Z");
    const paid = log.add(INVOICE, "payment_received", { amount_cents: 100, currency: "EUR" }, "2025-02-02T00:00:00Z");
    expect(only(log, "2025-02-03T00:00:00Z")).toMatchObject({ status: "resolved", closed_by_event_id: paid.id, snoozed_until: null });
    log.add(INVOICE, "invoice_issued", { amount_cents: 150, currency: "EUR", due_at: "2025-01-31T00:00:00Z" }, "2025-02-04T00:00:00Z");
    expect(only(log, "2025-02-05T00:00:00Z")).toMatchObject({ status: "active", snoozed_until: null });
  });
});
