import { describe, expect, it } from "vitest";
import { eventDetail } from "./event-detail";

describe("eventDetail", () => {
  it("adds amounts and dates", () => {
    expect(eventDetail("quote_sent", { amount_cents: 48_000, currency: "EUR", valid_until: "2026-12-01T00:00:00Z" })).toBe(
      "€480.00, valid until 1 Dec 2026",
    );
    expect(eventDetail("payment_received", { amount_cents: 5_000, currency: "USD" })).toBe("$50.00");
  });
  it("quotes reasons and notes, clipped", () => {
    expect(eventDetail("loop_dismissed", { loop_id: "x", reason: "Handled by phone" })).toBe("“Handled by phone”");
    expect(eventDetail("note_added", { text: "a".repeat(300) })?.length).toBe(140);
  });
  it("says until when a loop is snoozed, and which client fields changed without their values", () => {
    expect(eventDetail("loop_snoozed", { loop_id: "x", until: "2026-12-01T09:00:00Z", note: "after the fair" })).toBe(
      "until 1 Dec 2026, 09:00 UTC, “after the fair”",
    );
    expect(eventDetail("loop_reopened", { loop_id: "x", note: "undo" })).toBe("“undo”");
    expect(eventDetail("client_created", { name: "Ada", email: "ada@example.com", company: "Engines Ltd" })).toBe("Engines Ltd");
    expect(eventDetail("client_updated", { email: "a@b.co", phone: null })).toBe("changed: email, phone");
    expect(eventDetail("client_updated", { name: "Ada", email: "a@b.co", company: "X" })).toBe("changed: name, email, company");
  });
  it("adds nothing when there is nothing to add", () => {
    expect(eventDetail("quote_requested", {})).toBeNull();
    expect(eventDetail("loop_resolved", { loop_id: "x" })).toBeNull();
    expect(eventDetail("loop_reopened", { loop_id: "x" })).toBeNull();
    expect(eventDetail("client_created", { name: "Ada" })).toBeNull();
    expect(eventDetail("something_new", { a: 1 })).toBeNull();
  });
});
