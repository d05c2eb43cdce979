import { describe, expect, it } from "vitest";
import { DEAL, INVOICE, TestLog } from "../testing/fixtures";
import { replayAsOf } from "./replay-as-of";

const at = (iso: string) => new Date(iso);

describe("replayAsOf", () => {
  // Given an invoice due on the 31st and a payment made on the 29th but recorded on Feb 2nd.
  const log = new TestLog();
  log.add(
    INVOICE,
    "invoice_issued",
    { amount_cents: 100, currency: "EUR", due_at: "2025-01-31T00:00:00Z" },
    "2025-01-01T00:00:00Z",
  );
  const late = log.add(
    INVOICE,
    "payment_received",
    { amount_cents: 100, currency: "EUR" },
    "2025-01-29T00:00:00Z", "2025-02-02T00:00:00Z",
  );

  it("basis 'occurred' shows the world as we now know it was: paid, no loop", () => {
    const replay = replayAsOf(log.events, at("2025-02-01T00:00:00Z"), "occurred");
    expect(replay.events.map((e) => e.id)).toContain(late.id);
    expect(replay.loops).toEqual([]);
  });

  it("basis 'recorded' shows what the system showed then: unpaid and overdue", () => {
    const replay = replayAsOf(log.events, at("2025-02-01T00:00:00Z"), "recorded");
    expect(replay.events.map((e) => e.id)).not.toContain(late.id);
    expect(replay.state).toMatchObject({ payments: [] });
    expect(replay.loops).toEqual([expect.objectContaining({ type: "invoice_overdue", status: "active" })]);
  });

  it("returns events in position order and a null state before the first event", () => {
    const shuffled = [...log.events].reverse();
    expect(replayAsOf(shuffled, at("2025-03-01T00:00:00Z"), "recorded").events.map((e) => e.position)).toEqual([1, 2]);
    expect(replayAsOf(log.events, at("2024-12-31T00:00:00Z"), "occurred")).toEqual({ events: [], state: null, loops: [] });
  });

  it("derives loops at T: a lead seen on Monday was medium, on Wednesday high", () => {
    const deal = new TestLog();
    deal.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    expect(replayAsOf(deal.events, at("2025-01-06T12:00:00Z"), "occurred").loops[0]?.severity).toBe("medium");
    expect(replayAsOf(deal.events, at("2025-01-08T12:00:00Z"), "occurred").loops[0]?.severity).toBe("high");
  });

  it("refuses events of several entities", () => {
    const mixed = new TestLog();
    mixed.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    mixed.add(
      INVOICE,
      "invoice_issued",
      { amount_cents: 1, currency: "EUR", due_at: "2025-01-31T00:00:00Z" },
      "2025-01-06T09:00:00Z",
    );
    expect(() => replayAsOf(mixed.events, at("2025-02-01T00:00:00Z"), "occurred")).toThrow(/one entity/);
  });
});
