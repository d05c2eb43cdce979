import { describe, expect, it } from "vitest";
import { DEAL, TestLog } from "../testing/fixtures";
import { loopId } from "./ids";
import { loopsOf } from "./loops-of";

const at = (iso: string) => new Date(iso);

describe("new_lead", () => {
  it("a lead on the catalog's last day is due at its last instant, not in a year no database holds", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada" }, "9999-12-31T12:00:00Z");
    const [loop] = loopsOf(log.events, at("9999-12-31T13:00:00Z"));
    expect(loop).toMatchObject({ type: "new_lead", due_at: "9999-12-31T23:59:59.999Z", severity: "medium" });
  });

  it("opens on lead_created, due 24 h after occurred_at, suggesting reply_to_lead", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");

    expect(loopsOf(log.events, at("2025-01-06T10:00:00Z"))).toEqual([
      {
        id: loopId(lead.id, "new_lead"),
        org_id: lead.org_id,
        type: "new_lead",
        entity_type: "deal",
        entity_id: DEAL.id,
        due_at: "2025-01-07T09:00:00.000Z",
        severity: "medium",
        suggested_action: "reply_to_lead",
        status: "active",
        opened_by_event_id: lead.id,
        closed_by_event_id: null,
        opened_at: "2025-01-06T09:00:00.000Z",
        closed_at: null,
        reason: null,
        note: null,
        snoozed_until: null,
        reopened_by_event_id: null,
      },
    ]);
  });

  it.each(["quote_requested", "quote_sent", "quote_accepted", "quote_rejected"] as const)(
    "is resolved by %s on the deal",
    (type) => {
      const log = new TestLog();
      log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
      const payload = type === "quote_sent" ? { amount_cents: 1000, currency: "EUR" } : {};
      const closing = log.add(DEAL, type, payload as never, "2025-01-06T12:00:00Z");

      const lead = loopsOf(log.events, at("2025-01-08T00:00:00Z")).find((l) => l.type === "new_lead");
      expect(lead).toMatchObject({ status: "resolved", closed_by_event_id: closing.id, severity: "medium" });
    },
  );

  it("a repeated lead_created while the loop is active changes nothing", () => {
    const log = new TestLog();
    const first = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "lead_created", { name: "Ada again" }, "2025-01-06T15:00:00Z");

    const loops = loopsOf(log.events, at("2025-01-06T16:00:00Z"));
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatchObject({ opened_by_event_id: first.id, due_at: "2025-01-07T09:00:00.000Z" });
  });

  it("a lead_created after the loop closed opens a new loop with its own id", () => {
    const log = new TestLog();
    const first = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "quote_rejected", {}, "2025-01-06T10:00:00Z");
    const second = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-02-01T09:00:00Z");

    const leads = loopsOf(log.events, at("2025-02-01T10:00:00Z")).filter((l) => l.type === "new_lead");
    expect(leads.map((l) => [l.id, l.status])).toEqual([
      [loopId(first.id, "new_lead"), "resolved"],
      [loopId(second.id, "new_lead"), "active"],
    ]);
  });
});
