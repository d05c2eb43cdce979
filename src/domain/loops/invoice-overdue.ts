import type { InvoiceState, LoopRecord, Payment } from "../entities/state";
import { loopId } from "./ids";
import { toMs } from "./instants";

// invoice_overdue is the one loop that time alone opens, so it is not stored as a record:
// it is read off the folded invoice at `asOf` (docs/architecture.md, "Open loops").

export const paidCents = (inv: InvoiceState): number => inv.payments.reduce((sum, p) => sum + p.amount_cents, 0);

/**
 * The payment whose running sum, in business-time order (occurred_at, ties in log order), first
 * reached the amount: when the invoice became fully paid. Log order would let a late-recorded
 * early payment "complete" an invoice that in fact was settled only after it fell due.
 */
export function completingPayment(inv: InvoiceState): Payment | null {
  if (inv.amount_cents === null) return null;
  let sum = 0;
  const byOccurred = inv.payments
    .map((p, i) => ({ p, i, at: toMs(p.occurred_at) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.p);
  for (const p of byOccurred) {
    sum += p.amount_cents;
    if (sum >= inv.amount_cents) return p;
  }
  return null;
}

/**
 * Open and not closed by a command at instant `atMs`. The fold also uses it to decide whether
 * a loop_dismissed/loop_resolved applies, with `atMs` = that event's occurred_at: a command can
 * only close the loop once the invoice has fallen due and while it is unpaid.
 */
export function isOverdueOpenAt(inv: InvoiceState, atMs: number): boolean {
  if (inv.issued_event_id === null || inv.due_at === null || inv.amount_cents === null) return false;
  return inv.overdue_closure === null && atMs >= toMs(inv.due_at) && paidCents(inv) < inv.amount_cents;
}

export function invoiceOverdueRecord(inv: InvoiceState, asOfMs: number): LoopRecord | null {
  const { issued_event_id, due_at, amount_cents, overdue_closure: closure } = inv;
  if (issued_event_id === null || due_at === null || amount_cents === null) return null;
  const base = { id: loopId(issued_event_id, "invoice_overdue"), type: "invoice_overdue" as const };
  const open = { ...base, opened_by_event_id: issued_event_id, opened_at: due_at, due_at, reopened_by_event_id: inv.overdue_reopened_by };
  const closed = { closed_by_event_id: null, closed_at: null, closed_by_command: false, reason: null, note: null, snoozed_until: null };
  // A command closure is final until reopened: the loop stays dismissed/resolved whatever asOf or payments do.
  if (closure) {
    const { status, event_id, occurred_at, reason, note } = closure;
    return { ...open, ...closed, status, closed_by_event_id: event_id, closed_at: occurred_at, closed_by_command: true, reason, note };
  }
  if (asOfMs < toMs(due_at)) return null;
  if (paidCents(inv) < amount_cents) return { ...open, status: "active", ...closed, snoozed_until: inv.overdue_snoozed_until };
  const payment = completingPayment(inv);
  // Paid at or before due_at: the invoice never was overdue, so there is no loop at all.
  if (payment === null || toMs(payment.occurred_at) <= toMs(due_at)) return null;
  const by = { closed_by_event_id: payment.event_id, closed_at: payment.occurred_at };
  return { ...open, status: "resolved", ...closed, ...by };
}

/** The instant after asOf at which invoiceOverdueRecord, as derived, changes by time alone, if any. */
export function invoiceOverdueChangeAt(inv: InvoiceState, asOfMs: number): number | null {
  if (inv.overdue_closure !== null || inv.due_at === null) return null;
  const dueMs = toMs(inv.due_at);
  if (asOfMs < dueMs) return invoiceOverdueRecord(inv, dueMs) === null ? null : dueMs;
  // Due already: an active loop still snoozed wakes at its snooze's end.
  const until = inv.overdue_snoozed_until === null ? null : toMs(inv.overdue_snoozed_until);
  return until !== null && until > asOfMs && invoiceOverdueRecord(inv, asOfMs)?.status === "active" ? until : null;
}
