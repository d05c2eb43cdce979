import { describe, expect, it } from "vitest";
import { loopId } from "../loops/ids";
import { evolveEntity } from "./evolve";
import { CLIENT, DEAL, FOLLOWUP, INVOICE, ORG, TestLog, stateOf } from "../testing/fixtures";
import { initialEntityState } from "./initial-state";
import { FOLD_VERSION, parseEntityState } from "./state";

describe("evolveEntity", () => {
  it("folds a deal: first name kept, stage and quote follow the log, version is the last entity_version", () => {
    const log = new TestLog();
    log.add(DEAL, "lead_created", { name: "Ada", client_id: CLIENT.id }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "lead_created", { name: "Ada (dup)" }, "2025-01-06T09:05:00Z");
    log.add(
      DEAL,
      "quote_sent",
      { amount_cents: 5000, currency: "EUR", valid_until: "2025-02-01T00:00:00+01:00" },
      "2025-01-07T09:00:00Z",
    );
    log.add(DEAL, "quote_accepted", { amount_cents: 4800 }, "2025-01-08T09:00:00Z");
    expect(stateOf(log.events)).toMatchObject({
      name: "Ada",
      client_id: CLIENT.id,
      stage: "won",
      quote: { amount_cents: 4800, currency: "EUR", valid_until: "2025-01-31T23:00:00.000Z", sent_count: 1 },
      version: 4,
    });
  });

  it("folds an invoice: terms from the latest issue, opening event from the first, payments in log order", () => {
    const log = new TestLog();
    const first = log.add(
      INVOICE,
      "invoice_issued",
      { amount_cents: 100, currency: "EUR", due_at: "2025-01-31T00:00:00Z", number: "INV-7" },
      "2025-01-01T00:00:00Z",
    );
    log.add(
      INVOICE,
      "invoice_issued",
      { amount_cents: 150, currency: "EUR", due_at: "2025-02-28T00:00:00Z" },
      "2025-01-02T00:00:00Z",
    );
    const p = log.add(INVOICE, "payment_received", { amount_cents: 50, currency: "EUR" }, "2025-01-03T00:00:00Z");
    expect(stateOf(log.events)).toMatchObject({
      issued_event_id: first.id,
      number: "INV-7",
      amount_cents: 150,
      due_at: "2025-02-28T00:00:00.000Z",
      payments: [{ event_id: p.id, amount_cents: 50, currency: "EUR", occurred_at: "2025-01-03T00:00:00.000Z" }],
    });
  });

  it("folds in position order whatever occurred_at says (late-arriving events)", () => {
    const log = new TestLog();
    const sched = log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-20T00:00:00Z" }, "2025-01-10T00:00:00Z");
    // Recorded later but dated earlier: still folded after, so it reschedules the active loop.
    log.add(FOLLOWUP, "followup_scheduled", { due_at: "2025-01-15T00:00:00Z" }, "2025-01-05T00:00:00Z");
    const state = stateOf(log.events);
    expect(state).toMatchObject({ status: "scheduled", due_at: "2025-01-15T00:00:00.000Z" });
    expect(state.entity_type === "followup" && state.loops).toEqual([
      expect.objectContaining({ id: loopId(sched.id, "followup_due"), due_at: "2025-01-15T00:00:00.000Z" }),
    ]);
  });

  it("counts notes on any entity and keeps the last one, shortened", () => {
    const log = new TestLog();
    log.add(CLIENT, "note_added", { text: "first" }, "2025-01-01T00:00:00Z");
    log.add(CLIENT, "note_added", { text: "x".repeat(1000) }, "2025-01-02T00:00:00Z");
    const state = stateOf(log.events);
    expect(state.notes_count).toBe(2);
    expect(state.last_note).toHaveLength(280);
  });

  it("ignores a redelivered event (entity_version not above the state's)", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    const req = log.add(DEAL, "quote_requested", {}, "2025-01-06T10:00:00Z");
    const state = stateOf(log.events);
    expect(evolveEntity(evolveEntity(state, req), lead)).toBe(state);
  });

  it("refuses an event about another entity", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    expect(() => evolveEntity(initialEntityState("deal", INVOICE.id, ORG), lead)).toThrow(/not deal/);
  });

  it("state survives JSON round trips and re-hydrates through parseEntityState", () => {
    const log = new TestLog();
    log.add(
      INVOICE,
      "invoice_issued",
      { amount_cents: 100, currency: "EUR", due_at: "2025-01-31T00:00:00Z" },
      "2025-01-01T00:00:00Z",
    );
    log.add(INVOICE, "payment_received", { amount_cents: 50, currency: "EUR" }, "2025-01-03T00:00:00Z");
    const state = stateOf(log.events);
    expect(parseEntityState(JSON.parse(JSON.stringify(state)))).toStrictEqual(state);
    expect(() => parseEntityState({ ...state, fold_version: FOLD_VERSION + 1 })).toThrow();
  });
});
