import { describe, expect, it } from "vitest";
import { FOLLOWUP, TestLog } from "../testing/fixtures";
import { loopId } from "./ids";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);

describe("followup_due", () => {
  it("opens on followup_scheduled, due at payload.due_at, suggesting send_followup", () => {
    const log = new TestLog();
    const sched = log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T09:00:00Z" }, "2025-01-06T09:00:00Z");
    expect(loopsOf(log.events, at("2025-01-06T09:00:00Z"))).toEqual([
      expect.objectContaining({
        id: loopId(sched.id, "followup_due"),
        due_at: "2025-01-10T09:00:00.000Z",
        suggested_action: "send_followup",
        status: "active",
        severity: "medium",
      }),
    ]);
  });

  it("a later followup_scheduled reschedules the active loop instead of opening a twin", () => {
    const log = new TestLog();
    const first = log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T09:00:00Z" }, "2025-01-06T09:00:00Z");
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-17T09:00:00Z" }, "2025-01-09T09:00:00Z");
    expect(loopsOf(log.events, at("2025-01-12T00:00:00Z"))).toEqual([
      expect.objectContaining({ id: loopId(first.id, "followup_due"), due_at: "2025-01-17T09:00:00.000Z", severity: "medium" }),
    ]);
  });

  it("followup_sent resolves it", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T09:00:00Z" }, "2025-01-06T09:00:00Z");
    const sent = log.add(FOLLOWUP, "followup_sent", { channel: "email" }, "2025-01-09T09:00:00Z");
    expect(loopsOf(log.events, at("2025-01-12T00:00:00Z"))).toEqual([
      expect.objectContaining({ status: "resolved", closed_by_event_id: sent.id, severity: "medium" }),
    ]);
  });

  it("followup_dismissed dismisses it, keeping the reason", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T09:00:00Z" }, "2025-01-06T09:00:00Z");
    const dismissed = log.add(FOLLOWUP, "followup_dismissed", { reason: "client replied" }, "2025-01-11T09:00:00Z");
    expect(loopsOf(log.events, at("2025-01-12T00:00:00Z"))).toEqual([
      expect.objectContaining({ status: "dismissed", closed_by_event_id: dismissed.id, reason: "client replied", severity: "high" }),
    ]);
  });

  it("scheduling again after it was sent opens a new loop", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-10T09:00:00Z" }, "2025-01-06T09:00:00Z");
    log.add(FOLLOWUP, "followup_sent", {}, "2025-01-09T09:00:00Z");
    const again = log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-02-10T09:00:00Z" }, "2025-01-20T09:00:00Z");
    const loops = loopsOf(log.events, at("2025-01-21T00:00:00Z"));
    expect(loops.map((l) => [l.id, l.status])).toEqual([
      [expect.any(String), "resolved"],
      [loopId(again.id, "followup_due"), "active"],
    ]);
  });

  it("followup_sent before any schedule opens and closes nothing", () => {
    const log = new TestLog();
    log.add(FOLLOWUP, "followup_sent", {}, "2025-01-09T09:00:00Z");
    expect(loopsOf(log.events, at("2025-01-12T00:00:00Z"))).toEqual([]);
  });
});
