import { describe, expect, it } from "vitest";
import { INVOICE, TestLog } from "../testing/fixtures";
import { loopId } from "./ids";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);
const DUE = "2025-01-31T00:00:00.000Z";

function issued(amount_cents = 10_000, due_at = DUE) {
  const log = new TestLog();
  const issue = log.add(INVOICE, "invoice_issued", { amount_cents, currency: "EUR", due_at }, "2025-01-01T09:00:00Z");
  return { log, issue };
}
const pay = (log: TestLog, amount_cents: number, occurred_at: string, created_at?: string) =>
  log.add(INVOICE, "payment_received", { amount_cents, currency: "EUR" }, occurred_at, created_at);

describe("invoice_overdue", () => {
  it("does not exist before due_at", () => {
    const { log } = issued();
    expect(loopsOf(log.events, at("2025-01-30T23:59:59.999Z"))).toEqual([]);
  });

  it("opens by time alone at due_at when unpaid: high, resend_invoice, opened by invoice_issued", () => {
    const { log, issue } = issued();
    expect(loopsOf(log.events, at(DUE))).toEqual([
      expect.objectContaining({
        id: loopId(issue.id, "invoice_overdue"),
        type: "invoice_overdue",
        status: "active",
        severity: "high",
        suggested_action: "resend_invoice",
        due_at: DUE,
        opened_at: DUE,
        opened_by_event_id: issue.id,
        closed_by_event_id: null,
      }),
    ]);
  });

  it("a payment in full before due_at means no loop, then or ever", () => {
    const { log } = issued();
    pay(log, 10_000, "2025-01-20T00:00:00Z");
    expect(loopsOf(log.events, at("2025-06-01T00:00:00Z"))).toEqual([]);
  });

  it("a partial payment keeps it active; the payment that completes it resolves it", () => {
    const { log } = issued();
    pay(log, 4_000, "2025-01-20T00:00:00Z");
    expect(loopsOf(log.events, at("2025-02-01T00:00:00Z"))).toEqual([expect.objectContaining({ status: "active" })]);

    const rest = pay(log, 6_000, "2025-02-03T00:00:00Z");
    pay(log, 500, "2025-02-04T00:00:00Z"); // an overpayment afterwards is not the completing one
    expect(loopsOf(log.events, at("2025-02-05T00:00:00Z"))).toEqual([
      expect.objectContaining({
        status: "resolved",
        severity: "high",
        closed_by_event_id: rest.id,
        closed_at: "2025-02-03T00:00:00.000Z",
      }),
    ]);
  });

  it("a payment exactly at due_at is on time: no loop", () => {
    const { log } = issued();
    pay(log, 10_000, DUE);
    expect(loopsOf(log.events, at("2025-02-05T00:00:00Z"))).toEqual([]);
  });

  it("a late-recorded payment that occurred before due_at removes the loop shown meanwhile", () => {
    const { log } = issued();
    expect(loopsOf(log.events, at("2025-02-02T00:00:00Z"))).toHaveLength(1);
    pay(log, 10_000, "2025-01-29T00:00:00Z", "2025-02-02T00:00:00Z");
    expect(loopsOf(log.events, at("2025-02-02T00:00:00Z"))).toEqual([]);
  });

  it("a later invoice_issued updates amount and due_at, keeping the first one as opening event", () => {
    const { log, issue } = issued(10_000);
    log.add(
      INVOICE,
      "invoice_issued",
      { amount_cents: 12_000, currency: "EUR", due_at: "2025-02-28T00:00:00Z" },
      "2025-01-05T00:00:00Z",
    );
    pay(log, 10_000, "2025-01-10T00:00:00Z");

    expect(loopsOf(log.events, at("2025-02-15T00:00:00Z"))).toEqual([]);
    expect(loopsOf(log.events, at("2025-02-28T00:00:00Z"))).toEqual([
      expect.objectContaining({ id: loopId(issue.id, "invoice_overdue"), opened_by_event_id: issue.id, due_at: "2025-02-28T00:00:00.000Z", status: "active" }),
    ]);
  });

  it("a payment recorded before invoice_issued still counts", () => {
    const log = new TestLog();
    pay(log, 10_000, "2025-01-02T00:00:00Z");
    log.add(INVOICE, "invoice_issued", { amount_cents: 10_000, currency: "EUR", due_at: DUE }, "2025-01-01T09:00:00Z");
    expect(loopsOf(log.events, at("2025-02-05T00:00:00Z"))).toEqual([]);
  });
});

describe("invoice_overdue: the completing payment is found in business time", () => {
  it("a late-recorded early partial payment does not make an invoice settled after due look paid on time", () => {
    const { log, issue } = issued(10_000);
    // Recorded first: 6,000 paid after due. Recorded later: 4,000 that had been paid before due.
    const late = pay(log, 6_000, "2025-02-10T00:00:00Z");
    pay(log, 4_000, "2025-01-20T00:00:00Z", "2025-02-11T00:00:00Z");
    expect(loopsOf(log.events, at("2025-03-01T00:00:00Z"))).toEqual([
      expect.objectContaining({
        id: loopId(issue.id, "invoice_overdue"),
        status: "resolved",
        closed_by_event_id: late.id,
      }),
    ]);
  });
});

describe("invoice_overdue: the loop's id", () => {
  it("is each invoice's own when invoices are derived in turn (the id of the last one asked is kept)", () => {
    const a = issued();
    // A second invoice whose invoice_issued is the log's second event, so its id differs.
    const log = new TestLog();
    pay(log, 100, "2024-12-01T09:00:00Z");
    const b = { log, issue: log.add(INVOICE, "invoice_issued", { amount_cents: 10_000, currency: "EUR", due_at: DUE }, "2025-01-01T09:00:00Z") };
    expect(b.issue.id).not.toBe(a.issue.id);
    for (const { log, issue } of [a, b, a, a, b]) {
      expect(loopsOf(log.events, at(DUE)).map((l) => l.id)).toEqual([loopId(issue.id, "invoice_overdue")]);
    }
  });
});
