import { describe, expect, it } from "vitest";
import { DEAL, FOLLOWUP, INVOICE, ORG, TestLog, stateOf } from "../testing/fixtures";
import { initialEntityState } from "./initial-state";
import { nextChangeAt } from "./next-change";

const at = (iso: string) => new Date(iso);
const invoice = () => {
  const log = new TestLog();
  log.add(
    INVOICE,
    "invoice_issued",
    { amount_cents: 100, currency: "EUR", due_at: "2025-01-31T00:00:00Z" },
    "2025-01-01T00:00:00Z",
  );
  return log;
};

describe("nextChangeAt", () => {
  it("is the earliest due_at still ahead among active loops", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "quote_sent", { amount_cents: 1, currency: "EUR" }, "2025-01-06T10:00:00Z");
    log.add(DEAL, "quote_requested", {}, "2025-01-06T11:00:00Z"); // opens quote_needed after quote_sent
    const state = stateOf(log.events);
    expect(nextChangeAt(state, at("2025-01-06T12:00:00Z"))).toEqual(at("2025-01-08T11:00:00Z"));
    expect(nextChangeAt(state, at("2025-01-08T11:00:00Z"))).toEqual(at("2025-01-13T10:00:00Z"));
    expect(nextChangeAt(state, at("2025-01-13T10:00:00Z"))).toBeNull();
  });

  it("ignores closed loops", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T00:00:00Z" }, "2025-01-06T00:00:00Z");
    log.add(FOLLOWUP, "followup_sent", {}, "2025-01-07T00:00:00Z");
    expect(nextChangeAt(stateOf(log.events), at("2025-01-08T00:00:00Z"))).toBeNull();
  });

  it("is the invoice's due_at while unpaid, null once due or paid on time", () => {
    const log = invoice();
    expect(nextChangeAt(stateOf(log.events), at("2025-01-15T00:00:00Z"))).toEqual(at("2025-01-31T00:00:00Z"));
    expect(nextChangeAt(stateOf(log.events), at("2025-01-31T00:00:00Z"))).toBeNull();
    log.add(INVOICE, "payment_received", { amount_cents: 100, currency: "EUR" }, "2025-01-20T00:00:00Z");
    expect(nextChangeAt(stateOf(log.events), at("2025-01-25T00:00:00Z"))).toBeNull();
  });

  it("is the due_at when a payment dated after due_at was recorded ahead of it (a resolved loop will appear)", () => {
    const log = invoice();
    log.add(
      INVOICE,
      "payment_received",
      { amount_cents: 100, currency: "EUR" },
      "2025-02-05T00:00:00Z", "2025-01-10T00:00:00Z",
    );
    expect(nextChangeAt(stateOf(log.events), at("2025-01-10T00:00:00Z"))).toEqual(at("2025-01-31T00:00:00Z"));
  });

  it("is null for clients and empty entities", () => {
    expect(nextChangeAt(initialEntityState("client", DEAL.id, ORG), at("2025-01-01T00:00:00Z"))).toBeNull();
    expect(nextChangeAt(initialEntityState("invoice", INVOICE.id, ORG), at("2025-01-01T00:00:00Z"))).toBeNull();
  });
});
