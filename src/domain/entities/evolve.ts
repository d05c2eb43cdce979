import type { LoggedEvent } from "../events";
import { evolveClient } from "./client";
import { evolveDeal } from "./deal";
import { evolveFollowup } from "./followup";
import { evolveInvoice } from "./invoice";
import { type LoopCommandEvent, applyOverdueCommand, applyRecordCommand } from "./loop-commands";
import type { EntityState } from "./state";

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
    case "client_created":
    case "client_updated":
      return s.entity_type === "client" ? evolveClient(s, event) : s;
    case "loop_dismissed":
    case "loop_resolved":
    case "loop_snoozed":
    case "loop_reopened":
      return applyCommand(s, event);
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** A loop command changes the one loop it names, if it applies at its occurred_at (loop-commands.ts). */
function applyCommand(state: EntityState, event: LoopCommandEvent): EntityState {
  switch (state.entity_type) {
    case "deal":
    case "followup":
      return { ...state, loops: applyRecordCommand(state.loops, event) };
    case "invoice":
      return applyOverdueCommand(state, event);
    case "client":
      return state;
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}
