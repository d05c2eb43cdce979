import { describe, expect, it } from "vitest";
import { DEAL, TestLog } from "../testing/fixtures";
import { loopId } from "./ids";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);
const ofType = (log: TestLog, type: string, asOf: string) =>
  loopsOf(log.events, at(asOf)).filter((l) => l.type === type);

describe("quote_needed", () => {
  it("opens on quote_requested, due 48 h later by default, suggesting draft_quote", () => {
    const log = new TestLog();
    const req = log.add(DEAL, "quote_requested", {}, "2025-01-06T09:00:00Z");

    expect(ofType(log, "quote_needed", "2025-01-06T09:00:00Z")).toEqual([
      expect.objectContaining({
        id: loopId(req.id, "quote_needed"),
        due_at: "2025-01-08T09:00:00.000Z",
        suggested_action: "draft_quote",
        status: "active",
      }),
    ]);
  });

  it("is due at payload.due_at when given (offsets normalized to UTC)", () => {
    const log = new TestLog();
    log.add(DEAL, "quote_requested", { due_at: "2025-01-07T12:00:00+02:00" }, "2025-01-06T09:00:00Z");
    expect(ofType(log, "quote_needed", "2025-01-06T09:00:00Z")[0]?.due_at).toBe("2025-01-07T10:00:00.000Z");
  });

  it("a repeated quote_requested changes nothing, not even the due date", () => {
    const log = new TestLog();
    const first = log.add(DEAL, "quote_requested", {}, "2025-01-06T09:00:00Z");
    log.add(DEAL, "quote_requested", { due_at: "2025-03-01T00:00:00Z" }, "2025-01-06T10:00:00Z");
    expect(ofType(log, "quote_needed", "2025-01-06T11:00:00Z")).toEqual([
      expect.objectContaining({ opened_by_event_id: first.id, due_at: "2025-01-08T09:00:00.000Z" }),
    ]);
  });

  it.each(["quote_sent", "quote_accepted", "quote_rejected"] as const)("is resolved by %s", (type) => {
    const log = new TestLog();
    log.add(DEAL, "quote_requested", {}, "2025-01-06T09:00:00Z");
    const payload = type === "quote_sent" ? { amount_cents: 1000, currency: "EUR" } : {};
    const closing = log.add(DEAL, type, payload as never, "2025-01-06T12:00:00Z");
    expect(ofType(log, "quote_needed", "2025-01-09T00:00:00Z")).toEqual([
      expect.objectContaining({ status: "resolved", closed_by_event_id: closing.id }),
    ]);
  });
});

describe("decision_pending", () => {
  it("opens on quote_sent, due 7 days later by default, suggesting check_in", () => {
    const log = new TestLog();
    const sent = log.add(DEAL, "quote_sent", { amount_cents: 5000, currency: "EUR" }, "2025-01-06T09:00:00Z");
    expect(ofType(log, "decision_pending", "2025-01-06T09:00:00Z")).toEqual([
      expect.objectContaining({
        id: loopId(sent.id, "decision_pending"),
        due_at: "2025-01-13T09:00:00.000Z",
        suggested_action: "check_in",
        status: "active",
      }),
    ]);
  });

  it("is due at payload.valid_until when given", () => {
    const log = new TestLog();
    const payload = { amount_cents: 5000, currency: "EUR", valid_until: "2025-01-20T00:00:00Z" };
    log.add(DEAL, "quote_sent", payload, "2025-01-06T09:00:00Z");
    expect(ofType(log, "decision_pending", "2025-01-06T09:00:00Z")[0]?.due_at).toBe("2025-01-20T00:00:00.000Z");
  });

  it("a later quote_sent moves the active loop's due_at and opens no twin", () => {
    const log = new TestLog();
    const first = log.add(DEAL, "quote_sent", { amount_cents: 5000, currency: "EUR" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "quote_sent", { amount_cents: 4500, currency: "EUR" }, "2025-01-10T09:00:00Z");
    expect(ofType(log, "decision_pending", "2025-01-10T10:00:00Z")).toEqual([
      expect.objectContaining({ id: loopId(first.id, "decision_pending"), due_at: "2025-01-17T09:00:00.000Z" }),
    ]);
  });

  it.each(["quote_accepted", "quote_rejected"] as const)("is resolved by %s", (type) => {
    const log = new TestLog();
    log.add(DEAL, "quote_sent", { amount_cents: 5000, currency: "EUR" }, "2025-01-06T09:00:00Z");
    const closing = log.add(DEAL, type, {}, "2025-01-07T09:00:00Z");
    expect(ofType(log, "decision_pending", "2025-02-01T00:00:00Z")).toEqual([
      expect.objectContaining({ status: "resolved", closed_by_event_id: closing.id, severity: "medium" }),
    ]);
  });

  it("the whole journey leaves three resolved loops and none active", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "quote_requested", {}, "2025-01-06T10:00:00Z");
    log.add(DEAL, "quote_sent", { amount_cents: 5000, currency: "EUR" }, "2025-01-07T10:00:00Z");
    log.add(DEAL, "quote_accepted", {}, "2025-01-08T10:00:00Z");
    expect(loopsOf(log.events, at("2025-02-01T00:00:00Z")).map((l) => [l.type, l.status])).toEqual([
      ["new_lead", "resolved"],
      ["quote_needed", "resolved"],
      ["decision_pending", "resolved"],
    ]);
  });
});
