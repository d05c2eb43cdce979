import { describe, expect, it } from "vitest";
import { stillToPayWords } from "./invoice-words";

const day = (iso: string) => iso.slice(0, 10);
const invoice = { amount_cents: 38_500, currency: "EUR", payments: [], overdue_closure: null };
const closure = (status: "resolved" | "dismissed") => ({ status, event_id: "e", occurred_at: "2026-11-24T10:00:00.000Z", reason: null, note: null });

describe("Still to pay", () => {
  it("is the amount owed", () => {
    expect(stillToPayWords(invoice, day)).toBe("€385.00");
    expect(stillToPayWords({ ...invoice, payments: [{ event_id: "p", amount_cents: 38_500, currency: "EUR", occurred_at: "x" }] }, day)).toBe("€0.00");
  });

  it("says why the overdue loop is closed though money is owed (issue 13)", () => {
    expect(stillToPayWords({ ...invoice, overdue_closure: closure("resolved") }, day)).toBe(
      "€385.00: no payment recorded; the overdue reminder was marked resolved by hand on 2026-11-24",
    );
    expect(stillToPayWords({ ...invoice, overdue_closure: closure("dismissed") }, day)).toContain("was dismissed by hand");
  });

  it("says nothing more once it is paid", () => {
    const paid = { ...invoice, payments: [{ event_id: "p", amount_cents: 40_000, currency: "EUR", occurred_at: "x" }], overdue_closure: closure("resolved") };
    expect(stillToPayWords(paid, day)).toBe("€0.00");
  });
});
