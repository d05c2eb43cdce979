import type { LoggedEventOf } from "../events";
import { normalizeIso } from "../loops/instants";
import { paidCents } from "../loops/invoice-overdue";
import type { InvoiceState } from "./state";

export type InvoiceEvent = LoggedEventOf<"invoice_issued" | "payment_received">;

export function evolveInvoice(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.event_type) {
    case "invoice_issued": {
      const p = event.payload;
      return {
        ...state,
        // The first issue stays the overdue loop's opening event; a re-issue updates the terms.
        issued_event_id: state.issued_event_id ?? event.id,
        issued_at: state.issued_at ?? normalizeIso(event.occurred_at),
        number: p.number ?? state.number,
        amount_cents: p.amount_cents,
        currency: p.currency,
        due_at: normalizeIso(p.due_at),
        deal_id: p.deal_id ?? state.deal_id,
        client_id: p.client_id ?? state.client_id,
      };
    }
    case "payment_received": {
      const { amount_cents, currency } = event.payload;
      const payment = { event_id: event.id, amount_cents, currency, occurred_at: normalizeIso(event.occurred_at) };
      const next = { ...state, payments: [...state.payments, payment] };
      // Paid in full: the overdue loop is closed (or never was), whatever its snooze.
      const paid = state.amount_cents !== null && paidCents(next) >= state.amount_cents;
      return paid ? { ...next, overdue_snoozed_until: null } : next;
    }
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
