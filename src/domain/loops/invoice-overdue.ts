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

/**
 * The loop's id (a SHA-1), kept for the invoice asked last: the projector derives an invoice's
 * loops after each of its events (to tell each change's cause), and hashing the same id every time
 * was ~3% of its catch-up CPU.
 */
let lastIssued: string | null = null;
let lastId = "";
function overdueLoopId(issuedEventId: string): string {
  if (issuedEventId !== lastIssued) {
    lastId = loopId(issuedEventId, "invoice_overdue");
    lastIssued = issuedEventId;
  }
  return lastId;
}

export function invoiceOverdueRecord(inv: InvoiceState, asOfMs: number): LoopRecord | null {
  const { issued_event_id, due_at, amount_cents, overdue_closure: closure } = inv;
  if (issued_event_id === null || due_at === null || amount_cents === null) return null;
  // A command closure is final until reopened: the loop stays dismissed/resolved whatever asOf or payments do.
  if (closure) {
    const { status, event_id, occurred_at, reason, note } = closure;
    return overdueRecord(inv, issued_event_id, due_at, status, event_id, occurred_at, true, reason, note, null);
  }
  if (asOfMs < toMs(due_at)) return null;
  if (paidCents(inv) < amount_cents) return overdueRecord(inv, issued_event_id, due_at, "active", null, null, false, null, null, inv.overdue_snoozed_until);
  const payment = completingPayment(inv);
  // Paid at or before due_at: the invoice never was overdue, so there is no loop at all.
  if (payment === null || toMs(payment.occurred_at) <= toMs(due_at)) return null;
  return overdueRecord(inv, issued_event_id, due_at, "resolved", payment.event_id, payment.occurred_at, false, null, null, null);
}

/**
 * The record as one literal: built with object spreads it cost the time machine's rebuild ~4 s of
 * its CPU at 1M events (it derives an invoice's loop at every version, on both bases).
 */
function overdueRecord(
  inv: InvoiceState,
  issuedEventId: string,
  dueAt: string,
  status: LoopRecord["status"],
  closedBy: string | null,
  closedAt: string | null,
  byCommand: boolean,
  reason: string | null,
  note: string | null,
  snoozedUntil: string | null,
): LoopRecord {
  return {
    id: overdueLoopId(issuedEventId),
    type: "invoice_overdue",
    opened_by_event_id: issuedEventId,
    opened_at: dueAt,
    due_at: dueAt,
    reopened_by_event_id: inv.overdue_reopened_by,
    status,
    closed_by_event_id: closedBy,
    closed_at: closedAt,
    closed_by_command: byCommand,
    reason,
    note,
    snoozed_until: snoozedUntil,
  };
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
