import type { LoggedEvent } from "../events";
import { DAY_MS, HOUR_MS, isoPlus, normalizeIso } from "./instants";
import type { LoopType } from "./types";

/** Default time to act when the opening event names no due date (SPEC §3 table). */
export const DEFAULT_DUE_MS = {
  new_lead: 24 * HOUR_MS,
  quote_needed: 48 * HOUR_MS,
  decision_pending: 7 * DAY_MS,
} as const;

export type OpenRule = {
  type: LoopType;
  due_at: string;
  /** A repeat while the loop is active moves its due_at (quote_sent, followup_scheduled); else it is ignored. */
  moves: boolean;
};
export type CloseRule = { types: readonly LoopType[]; status: "resolved" | "dismissed" };

const QUOTE_LOOPS = ["new_lead", "quote_needed", "decision_pending"] as const;

/** The event-opened loop this event opens (invoice_overdue is opened by time, see invoice-overdue.ts). */
export function opens(event: LoggedEvent): OpenRule | null {
  switch (event.event_type) {
    case "lead_created":
      return { type: "new_lead", due_at: isoPlus(event.occurred_at, DEFAULT_DUE_MS.new_lead), moves: false };
    case "quote_requested": {
      const due = event.payload.due_at;
      const due_at = due ? normalizeIso(due) : isoPlus(event.occurred_at, DEFAULT_DUE_MS.quote_needed);
      return { type: "quote_needed", due_at, moves: false };
    }
    case "quote_sent": {
      const valid = event.payload.valid_until;
      const due_at = valid ? normalizeIso(valid) : isoPlus(event.occurred_at, DEFAULT_DUE_MS.decision_pending);
      return { type: "decision_pending", due_at, moves: true };
    }
    case "followup_scheduled":
      return { type: "followup_due", due_at: normalizeIso(event.payload.due_at), moves: true };
    default:
      return null;
  }
}

/** The loops this event closes on its entity, and how. Closing is applied before opening. */
export function closes(event: LoggedEvent): CloseRule | null {
  switch (event.event_type) {
    case "quote_requested":
      return { types: ["new_lead"], status: "resolved" };
    case "quote_sent":
      return { types: ["new_lead", "quote_needed"], status: "resolved" };
    case "quote_accepted":
    case "quote_rejected":
      return { types: QUOTE_LOOPS, status: "resolved" };
    case "followup_sent":
      return { types: ["followup_due"], status: "resolved" };
    case "followup_dismissed":
      return { types: ["followup_due"], status: "dismissed" };
    default:
      return null;
  }
}
