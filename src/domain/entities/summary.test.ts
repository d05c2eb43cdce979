import { describe, expect, it } from "vitest";
import { DEAL, FOLLOWUP, INVOICE, ORG, TestLog, stateOf } from "../testing/fixtures";
import { initialEntityState } from "./initial-state";
import { entitySummary } from "./summary";

describe("entitySummary", () => {
  it("a deal: its stage, and the quote's amount unless lost", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    expect(entitySummary(stateOf(log.events))).toBe("New lead");
    log.add(DEAL, "quote_sent", { amount_cents: 150_000, currency: "EUR" }, "2025-01-07T09:00:00Z");
    expect(entitySummary(stateOf(log.events))).toBe("Quote sent · €1,500.00");
    log.add(DEAL, "quote_rejected", {}, "2025-01-08T09:00:00Z");
    expect(entitySummary(stateOf(log.events))).toBe("Lost");
  });

  it("an invoice: what is still to pay and when it is due, or Paid", () => {
    const log = new TestLog();
    log.add(INVOICE, "invoice_issued", { amount_cents: 38_500, currency: "EUR", due_at: "2026-11-24T15:11:00Z" }, "2026-11-01T00:00:00Z");
    log.add(INVOICE, "payment_received", { amount_cents: 8_500, currency: "EUR" }, "2026-11-02T00:00:00Z");
    expect(entitySummary(stateOf(log.events))).toBe("€300.00 to pay · due 24 Nov 2026");
    log.add(INVOICE, "payment_received", { amount_cents: 30_000, currency: "EUR" }, "2026-11-03T00:00:00Z");
    expect(entitySummary(stateOf(log.events))).toBe("Paid");
  });

  it("a follow-up: when it is scheduled for, or how it ended", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2026-11-10T09:00:00Z" }, "2026-11-01T00:00:00Z");
    expect(entitySummary(stateOf(log.events))).toBe("Scheduled for 10 Nov 2026");
    log.add(FOLLOWUP, "followup_sent", {}, "2026-11-10T09:00:00Z");
    expect(entitySummary(stateOf(log.events))).toBe("Sent");
  });

  it("nothing known yet: null", () => {
    expect(entitySummary(initialEntityState("deal", DEAL.id, ORG))).toBeNull();
    expect(entitySummary(initialEntityState("invoice", INVOICE.id, ORG))).toBeNull();
    expect(entitySummary(initialEntityState("client", DEAL.id, ORG))).toBeNull();
  });
});
