import { describe, expect, it } from "vitest";
import { commandRefusal } from "../entities/loop-commands";
import { DEAL, FOLLOWUP, INVOICE, TestLog, stateOf } from "../testing/fixtures";
import { loopId } from "./ids";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);
const loopIn = (log: TestLog, id: string, asOf: string) => loopsOf(log.events, at(asOf)).find((l) => l.id === id);
const refusal = (log: TestLog, id: string, atIso: string) => commandRefusal(stateOf(log.events), id, "reopen", Date.parse(atIso));

/** A lead on Monday 09:00 (new_lead due Tuesday 09:00). */
function lead() {
  const log = new TestLog();
  const e = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
  return { log, id: loopId(e.id, "new_lead") };
}

describe("loop_reopened", () => {
  it("undoes a dismiss: active again, same id, closed_by cleared, reopened_by set, severity by the usual rule", () => {
    const { log, id } = lead();
    log.add(DEAL, "loop_dismissed", { loop_id: id, reason: "spam" }, "2025-01-06T10:00:00Z");
    expect(refusal(log, id, "2025-01-07T10:00:00Z")).toBeNull();
    const undo = log.add(DEAL, "loop_reopened", { loop_id: id }, "2025-01-07T10:00:00Z");
    expect(loopIn(log, id, "2025-01-07T11:00:00Z")).toMatchObject({
      status: "active", closed_by_event_id: null, closed_at: null, reason: null, reopened_by_event_id: undo.id, severity: "high",
    });
    expect(loopsOf(log.events, at("2025-01-07T11:00:00Z"))).toHaveLength(1);
  });

  it("undoes a resolve, and a loop reopened, closed and reopened again comes back each time", () => {
    const { log, id } = lead();
    log.add(DEAL, "loop_resolved", { loop_id: id, note: "called" }, "2025-01-06T10:00:00Z");
    log.add(DEAL, "loop_reopened", { loop_id: id }, "2025-01-06T10:01:00Z");
    expect(loopIn(log, id, "2025-01-06T11:00:00Z")).toMatchObject({ status: "active", note: null, severity: "medium" });
    log.add(DEAL, "loop_dismissed", { loop_id: id }, "2025-01-06T12:00:00Z");
    const again = log.add(DEAL, "loop_reopened", { loop_id: id, note: "not spam after all" }, "2025-01-06T13:00:00Z");
    expect(loopIn(log, id, "2025-01-06T14:00:00Z")).toMatchObject({ status: "active", reopened_by_event_id: again.id });
  });

  it("ends a snooze, while the snooze runs", () => {
    const { log, id } = lead();
    log.add(DEAL, "loop_snoozed", { loop_id: id, until: "2025-01-08T00:00:00Z" }, "2025-01-06T10:00:00Z");
    const undo = log.add(DEAL, "loop_reopened", { loop_id: id }, "2025-01-06T11:00:00Z");
    expect(loopIn(log, id, "2025-01-06T12:00:00Z")).toMatchObject({ status: "active", snoozed_until: null, reopened_by_event_id: undo.id });
  });

  it("a loop closed by a business event stays closed: the fact stands", () => {
    const { log, id } = lead();
    const req = log.add(DEAL, "quote_requested", {}, "2025-01-06T10:00:00Z");
    expect(refusal(log, id, "2025-01-06T11:00:00Z")).toBe("closed_by_event");
    log.add(DEAL, "loop_reopened", { loop_id: id }, "2025-01-06T11:00:00Z");
    expect(loopIn(log, id, "2025-01-06T12:00:00Z")).toMatchObject({ status: "resolved", closed_by_event_id: req.id, reopened_by_event_id: null });

    const f = new TestLog();
    const sched = f.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-08T00:00:00Z" }, "2025-01-06T09:00:00Z");
    const fid = loopId(sched.id, "followup_due");
    f.add(FOLLOWUP, "followup_dismissed", { reason: "no need" }, "2025-01-06T10:00:00Z");
    f.add(FOLLOWUP, "loop_reopened", { loop_id: fid }, "2025-01-06T11:00:00Z");
    expect(loopIn(f, fid, "2025-01-06T12:00:00Z")).toMatchObject({ status: "dismissed", reason: "no need" });
  });

  it("a loop never closed and not snoozed (or whose snooze ran out) changes nothing", () => {
    const { log, id } = lead();
    expect(refusal(log, id, "2025-01-06T10:00:00Z")).toBe("nothing_to_undo");
    log.add(DEAL, "loop_snoozed", { loop_id: id, until: "2025-01-06T12:00:00Z" }, "2025-01-06T10:00:00Z");
    expect(refusal(log, id, "2025-01-06T12:00:00Z")).toBe("nothing_to_undo");
    const before = loopsOf(log.events, at("2025-01-06T13:00:00Z"));
    log.add(DEAL, "loop_reopened", { loop_id: id }, "2025-01-06T12:00:00Z");
    expect(loopsOf(log.events, at("2025-01-06T13:00:00Z"))).toEqual(before);
  });

  it("no twins: a loop whose type has meanwhile another active loop on the entity stays closed", () => {
    const log = new TestLog();
    const first = log.add(DEAL, "quote_requested", {}, "2025-01-06T09:00:00Z");
    const id = loopId(first.id, "quote_needed");
    log.add(DEAL, "loop_dismissed", { loop_id: id }, "2025-01-06T10:00:00Z");
    const second = log.add(DEAL, "quote_requested", {}, "2025-01-06T11:00:00Z");
    expect(refusal(log, id, "2025-01-06T12:00:00Z")).toBe("twin");
    log.add(DEAL, "loop_reopened", { loop_id: id }, "2025-01-06T12:00:00Z");
    const loops = loopsOf(log.events, at("2025-01-06T13:00:00Z"));
    expect(loops.filter((l) => l.status === "active").map((l) => l.id)).toEqual([loopId(second.id, "quote_needed")]);
    expect(loops.find((l) => l.id === id)?.status).toBe("dismissed");
  });

  it("an unknown loop, or another entity's, is no such loop", () => {
    const { log, id } = lead();
    log.add(DEAL, "loop_dismissed", { loop_id: id }, "2025-01-06T10:00:00Z");
    const other = new TestLog();
    other.add(INVOICE, "note_added", { text: "x" }, "2025-01-06T09:00:00Z");
    expect(refusal(other, id, "2025-01-06T11:00:00Z")).toBe("no_such_loop");
    expect(refusal(log, "00000000-0000-4000-8000-0000000fffff", "2025-01-06T11:00:00Z")).toBe("no_such_loop");
  });
});

describe("loop_reopened on invoice_overdue", () => {
  const dismissed = () => {
    const log = new TestLog();
    const issue = log.add(INVOICE, "invoice_issued", { amount_cents: 100, currency: "EUR", due_at: "2025-01-31T00:00:00Z" }, "2025-01-01T00:00:00Z");
    const id = loopId(issue.id, "invoice_overdue");
    log.add(INVOICE, "loop_dismissed", { loop_id: id, reason: "disputed" }, "2025-02-02T00:00:00Z");
    return { log, id };
  };

  it("undoes the dismiss: active and high again", () => {
    const { log, id } = dismissed();
    const undo = log.add(INVOICE, "loop_reopened", { loop_id: id }, "2025-02-03T00:00:00Z");
    expect(loopIn(log, id, "2025-02-04T00:00:00Z")).toMatchObject({
      status: "active", severity: "high", closed_by_event_id: null, reason: null, reopened_by_event_id: undo.id,
    });
  });

  it("reopened after a payment settled it meanwhile, it shows what the payment did", () => {
    const { log, id } = dismissed();
    const paid = log.add(INVOICE, "payment_received", { amount_cents: 100, currency: "EUR" }, "2025-02-05T00:00:00Z");
    log.add(INVOICE, "loop_reopened", { loop_id: id }, "2025-02-06T00:00:00Z");
    expect(loopIn(log, id, "2025-02-07T00:00:00Z")).toMatchObject({ status: "resolved", closed_by_event_id: paid.id });
    expect(refusal(log, id, "2025-02-08T00:00:00Z")).toBe("closed_by_event");
  });

  it("ends its snooze; never closed nor snoozed it changes nothing", () => {
    const log = new TestLog();
    const issue = log.add(INVOICE, "invoice_issued", { amount_cents: 100, currency: "EUR", due_at: "2025-01-31T00:00:00Z" }, "2025-01-01T00:00:00Z");
    const id = loopId(issue.id, "invoice_overdue");
    expect(refusal(log, id, "2025-02-01T00:00:00Z")).toBe("nothing_to_undo");
    expect(refusal(log, id, "2025-01-15T00:00:00Z")).toBe("nothing_to_undo");
    log.add(INVOICE, "loop_snoozed", { loop_id: id, until: "2025-02-10T00:00:00Z" }, "2025-02-01T00:00:00Z");
    log.add(INVOICE, "loop_reopened", { loop_id: id }, "2025-02-02T00:00:00Z");
    expect(loopIn(log, id, "2025-02-03T00:00:00Z")).toMatchObject({ status: "active", snoozed_until: null });
  });
});
