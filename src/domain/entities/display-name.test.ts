import { describe, expect, it } from "vitest";
import { entityDisplayName } from "./display-name";
import { CLIENT, DEAL, FOLLOWUP, INVOICE, ORG, TestLog, stateOf } from "../testing/fixtures";
import { initialEntityState } from "./initial-state";

describe("entityDisplayName", () => {
  it("names a deal after its lead", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada Lovelace" }, "2025-01-06T09:00:00Z");
    expect(entityDisplayName(stateOf(log.events))).toBe("Ada Lovelace");
  });

  it("names an invoice by number and amount, or INV-<id> when it has no number", () => {
    const log = new TestLog();
    log.add(
      INVOICE,
      "invoice_issued",
      { amount_cents: 123_450, currency: "EUR", due_at: "2025-01-31T00:00:00Z", number: "2025-0042" },
      "2025-01-01T00:00:00Z",
    );
    expect(entityDisplayName(stateOf(log.events))).toBe("2025-0042 · €1,234.50");
    const yen = new TestLog();
    yen.add(
      INVOICE,
      "invoice_issued",
      { amount_cents: 5000, currency: "JPY", due_at: "2025-01-31T00:00:00Z" },
      "2025-01-01T00:00:00Z",
    );
    expect(entityDisplayName(stateOf(yen.events))).toBe(`INV-${INVOICE.id.slice(0, 8)} · ¥5,000`);
  });

  it("names a follow-up by its note, shortened", () => {
    const log = new TestLog();
    log.add(
      FOLLOWUP,
      "followup_scheduled",
      { due_at: "2025-01-10T00:00:00Z", note: "Call back ".repeat(20) },
      "2025-01-06T00:00:00Z",
    );
    const name = entityDisplayName(stateOf(log.events));
    expect(name).toHaveLength(80);
    expect(name.endsWith("…")).toBe(true);
  });

  it("names a client after its name once client_created gives one", () => {
    const log = new TestLog();
    log.add(CLIENT, "note_added", { text: "met at the fair" }, "2025-01-06T09:00:00Z");
    expect(entityDisplayName(stateOf(log.events))).toBe(`Client ${CLIENT.id.slice(0, 8)}`);
    log.add(CLIENT, "client_created", { name: "Ada Lovelace" }, "2025-01-06T10:00:00Z");
    expect(entityDisplayName(stateOf(log.events))).toBe("Ada Lovelace");
  });

  it("falls back to the type and a short id", () => {
    expect(entityDisplayName(initialEntityState("deal", DEAL.id, ORG))).toBe(`Deal ${DEAL.id.slice(0, 8)}`);
    expect(entityDisplayName(initialEntityState("followup", FOLLOWUP.id, ORG))).toBe(`Follow-up ${FOLLOWUP.id.slice(0, 8)}`);
    expect(entityDisplayName(initialEntityState("client", CLIENT.id, ORG))).toBe(`Client ${CLIENT.id.slice(0, 8)}`);
  });
});
