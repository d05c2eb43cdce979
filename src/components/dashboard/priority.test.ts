import { describe, expect, it } from "vitest";
import { firstThings, moneyAtStake, priorityOf } from "./priority";
import type { LoopView } from "./types";

const now = new Date("2026-11-24T12:00:00Z");
const DAY = 86_400_000;
const due = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();
const loop = (id: string, type: LoopView["type"], entity_name: string | null, daysAgo: number) => ({ id, type, entity_name, due_at: due(daysAgo) });

describe("money at stake", () => {
  it("is read off an overdue invoice's name, and unknown for other loops", () => {
    expect(moneyAtStake({ type: "invoice_overdue", entity_name: "INV-2026-0042 · €1,200.50" })).toBe(1200.5);
    expect(moneyAtStake({ type: "invoice_overdue", entity_name: "INV-1a2b3c4d" })).toBeNull();
    expect(moneyAtStake({ type: "new_lead", entity_name: "Jane · 5" })).toBeNull();
    expect(moneyAtStake({ type: "invoice_overdue", entity_name: null })).toBeNull();
  });
});

describe("what to do first", () => {
  it("weighs how long overdue by the money at stake", () => {
    expect(priorityOf(loop("a", "new_lead", "Jane", 2), now)).toBeCloseTo(3);
    expect(priorityOf(loop("b", "invoice_overdue", "INV-1 · €999.00", 1), now)).toBeCloseTo(2 * 4);
    expect(priorityOf(loop("c", "new_lead", "Due later", -1), now)).toBe(1); // not overdue yet
  });

  it("picks at most seven of 249, the biggest and oldest first, in a stable order", () => {
    const leads = Array.from({ length: 240 }, (_, i) => loop(`lead-${String(i).padStart(3, "0")}`, "new_lead", `Lead ${i}`, 1 + (i % 5)));
    const invoices = [
      loop("inv-small-old", "invoice_overdue", "INV-1 · €20.00", 12),
      loop("inv-big", "invoice_overdue", "INV-2 · €12,000.00", 3),
      loop("inv-mid", "invoice_overdue", "INV-3 · €385.00", 10),
    ];
    const stale = [loop("old-lead", "new_lead", "Waiting a month", 30), ...Array.from({ length: 5 }, (_, i) => loop(`q${i}`, "quote_needed", `Q${i}`, 6))];
    const picked = firstThings([...leads, ...invoices, ...stale], now);
    expect(picked).toHaveLength(7);
    expect(picked.map((l) => l.id)).toEqual(["inv-mid", "old-lead", "inv-small-old", "inv-big", "q0", "q1", "q2"]);
    expect(firstThings([...stale, ...invoices, ...leads].reverse(), now).map((l) => l.id)).toEqual(picked.map((l) => l.id));
  });
});
