import type { LoggedEvent, LoggedEventOf } from "../events";
import { loopId } from "../loops/ids";
import { isOverdueOpenAt } from "../loops/invoice-overdue";
import { normalizeIso, toMs } from "../loops/instants";
import { evolveDeal } from "./deal";
import { evolveFollowup } from "./followup";
import { evolveInvoice } from "./invoice";
import { applyLoopCommand } from "./loop-records";
import type { EntityState } from "./state";

type LoopCommand = LoggedEventOf<"loop_dismissed"> | LoggedEventOf<"loop_resolved">;

const LAST_NOTE_CHARS = 280;

/**
 * Folds one event into its entity's state. Events must come in log order; one whose
 * entity_version is not above the state's is a redelivery and changes nothing.
 * An event type that does not belong to the entity type is ignored (the catalog refuses it).
 */
export function evolveEntity(state: EntityState, event: LoggedEvent): EntityState {
  const e = event.primary_entity;
  if (event.org_id !== state.org_id || e.type !== state.entity_type || e.id !== state.entity_id) {
    throw new Error(`event ${event.id} is about ${e.type} ${e.id}, not ${state.entity_type} ${state.entity_id}`);
  }
  if (event.entity_version <= state.version) return state;
  const s = { ...state, version: event.entity_version };
  switch (event.event_type) {
    case "lead_created":
    case "quote_requested":
    case "quote_sent":
    case "quote_accepted":
    case "quote_rejected":
      return s.entity_type === "deal" ? evolveDeal(s, event) : s;
    case "invoice_issued":
    case "payment_received":
      return s.entity_type === "invoice" ? evolveInvoice(s, event) : s;
    case "followup_scheduled":
    case "followup_sent":
    case "followup_dismissed":
      return s.entity_type === "followup" ? evolveFollowup(s, event) : s;
    case "note_added":
      return { ...s, notes_count: s.notes_count + 1, last_note: event.payload.text.slice(0, LAST_NOTE_CHARS) };
    case "loop_dismissed":
    case "loop_resolved":
      return applyCommand(s, event);
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

function applyCommand(state: EntityState, event: LoopCommand): EntityState {
  switch (state.entity_type) {
    case "deal":
    case "followup":
      return { ...state, loops: applyLoopCommand(state.loops, event) };
    case "invoice": {
      // The invoice_overdue loop has no record; it is "active at this point of the fold" when
      // the command's occurred_at is at or after due_at and the invoice is still unpaid.
      if (state.issued_event_id === null || !isOverdueOpenAt(state, toMs(event.occurred_at))) return state;
      if (event.payload.loop_id !== loopId(state.issued_event_id, "invoice_overdue")) return state;
      const closure = { event_id: event.id, occurred_at: normalizeIso(event.occurred_at), reason: null, note: null };
      const overdue_closure =
        event.event_type === "loop_dismissed"
          ? { ...closure, status: "dismissed" as const, reason: event.payload.reason ?? null }
          : { ...closure, status: "resolved" as const, note: event.payload.note ?? null };
      return { ...state, overdue_closure };
    }
    case "client":
      return state;
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}
