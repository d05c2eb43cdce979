import { describe, expect, it } from "vitest";
import { dueWords, loopTitle } from "./loop-words";

const now = new Date("2026-11-24T12:00:00Z");
const due = (daysFromNow: number) => new Date(now.getTime() + daysFromNow * 86_400_000).toISOString();

describe("loopTitle", () => {
  it("says what each kind of loop is about", () => {
    expect(loopTitle({ type: "new_lead", entity_name: "Jane Doe", due_at: due(1) }, now)).toBe("Reply to new lead: Jane Doe");
    expect(loopTitle({ type: "quote_needed", entity_name: "Acme", due_at: due(1) }, now)).toBe("Draft a quote for Acme");
    expect(loopTitle({ type: "decision_pending", entity_name: "Acme", due_at: due(1) }, now)).toBe("Check in on the quote for Acme");
    expect(loopTitle({ type: "followup_due", entity_name: "Call about the cake", due_at: due(1) }, now)).toBe(
      "Send the follow-up: Call about the cake",
    );
  });
  it("counts an overdue invoice's days and names its amount", () => {
    const loop = { type: "invoice_overdue" as const, entity_name: "INV-2026-0042 · €1,200.00" };
    expect(loopTitle({ ...loop, due_at: due(-12.5) }, now)).toBe("Invoice INV-2026-0042 is 12 days overdue: €1,200.00");
    expect(loopTitle({ ...loop, due_at: due(-1) }, now)).toBe("Invoice INV-2026-0042 is 1 day overdue: €1,200.00");
    expect(loopTitle({ ...loop, due_at: due(-0.2) }, now)).toBe("Invoice INV-2026-0042 is overdue: €1,200.00");
    expect(loopTitle({ ...loop, entity_name: "INV-1a2b3c4d", due_at: due(-3) }, now)).toBe("Invoice INV-1a2b3c4d is 3 days overdue");
  });
  it("still reads well without a name", () => {
    expect(loopTitle({ type: "new_lead", entity_name: null, due_at: due(1) }, now)).toBe("Reply to a new lead");
    expect(loopTitle({ type: "invoice_overdue", entity_name: null, due_at: due(-2) }, now)).toBe("An invoice is 2 days overdue");
  });
});

describe("dueWords", () => {
  it("reads the due time relative to now", () => {
    expect(dueWords(due(0.125), now)).toBe("Due in 3 hours");
    expect(dueWords(due(-2), now)).toBe("Was due 2 days ago");
  });
});
