import { describe, expect, it } from "vitest";
import { DEAL, FOLLOWUP, TestLog } from "../testing/fixtures";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);

describe("severity", () => {
  it("escalates from medium to high exactly when asOf reaches due_at", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    expect(loopsOf(log.events, at("2025-01-07T08:59:59.999Z"))[0]?.severity).toBe("medium");
    expect(loopsOf(log.events, at("2025-01-07T09:00:00Z"))[0]?.severity).toBe("high");
  });

  it("a reschedule to a later date brings an overdue follow-up back to medium", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T00:00:00Z" }, "2025-01-06T00:00:00Z");
    expect(loopsOf(log.events, at("2025-01-12T00:00:00Z"))[0]?.severity).toBe("high");
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-20T00:00:00Z" }, "2025-01-12T00:00:00Z");
    expect(loopsOf(log.events, at("2025-01-12T00:00:00Z"))[0]?.severity).toBe("medium");
  });

  it("a loop closed before due_at stays medium however late asOf is", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "quote_requested", {}, "2025-01-06T10:00:00Z");
    expect(loopsOf(log.events, at("2030-01-01T00:00:00Z")).find((l) => l.type === "new_lead")?.severity).toBe("medium");
  });

  it("a loop closed at or after due_at stays high", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "quote_requested", {}, "2025-01-07T09:00:00Z");
    expect(loopsOf(log.events, at("2030-01-01T00:00:00Z")).find((l) => l.type === "new_lead")?.severity).toBe("high");
  });

  it("closing severity uses the closing event's occurred_at, not its record time", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    // Recorded two days late, but it happened within the 24 h.
    log.add(DEAL, "quote_requested", {}, "2025-01-06T20:00:00Z", "2025-01-08T20:00:00Z");
    expect(loopsOf(log.events, at("2025-01-09T00:00:00Z")).find((l) => l.type === "new_lead")?.severity).toBe("medium");
  });
});
