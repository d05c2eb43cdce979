import { formatMoney, type InvoiceState } from "~/domain/entities";

/**
 * The invoice's "Still to pay" line. When its overdue loop was resolved or dismissed by hand while
 * money was still owed, the amount stands (no payment was recorded) and the line says why the loop
 * is closed anyway, rather than contradicting it (issue 13: a resolved overdue invoice still said
 * "Still to pay €385.00" and nothing more).
 */
export function stillToPayWords(state: Pick<InvoiceState, "amount_cents" | "currency" | "payments" | "overdue_closure">, day: (iso: string) => string): string {
  if (state.amount_cents === null || !state.currency) return "—";
  const paid = state.payments.reduce((sum, p) => sum + p.amount_cents, 0);
  const owed = Math.max(0, state.amount_cents - paid);
  const amount = formatMoney(owed, state.currency);
  const closure = state.overdue_closure;
  if (owed === 0 || !closure) return amount;
  const how = closure.status === "resolved" ? "marked resolved" : "dismissed";
  return `${amount}: no payment recorded; the overdue reminder was ${how} by hand on ${day(closure.occurred_at)}`;
}
