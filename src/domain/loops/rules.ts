import type { EventType, LoggedEvent, LoggedEventOf } from "../events";
import { DAY_MS, HOUR_MS, isoPlus, normalizeIso } from "./instants";
import type { LoopType } from "./types";

// Which loop each event type opens and closes, one entry per type: an event type added to the
// catalog fails to compile here until both are decided (docs/architecture.md, "Open loops").

/** Default time to act when the opening event names no due date. */
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

type Opening<T extends EventType> = {
  type: LoopType;
  moves: boolean;
  /** Method syntax on purpose: one entry per type, called with that type's events only. */
  dueAt(event: LoggedEventOf<T>): string;
};

/** The event-opened loop each event type opens, or null. */
export const OPENS = {
  lead_created: { type: "new_lead", moves: false, dueAt: (e) => isoPlus(e.occurred_at, DEFAULT_DUE_MS.new_lead) },
  quote_requested: {
    type: "quote_needed",
    moves: false,
    dueAt: (e) => (e.payload.due_at ? normalizeIso(e.payload.due_at) : isoPlus(e.occurred_at, DEFAULT_DUE_MS.quote_needed)),
  },
  quote_sent: {
    type: "decision_pending",
    moves: true,
    dueAt: (e) =>
      e.payload.valid_until ? normalizeIso(e.payload.valid_until) : isoPlus(e.occurred_at, DEFAULT_DUE_MS.decision_pending),
  },
  quote_accepted: null,
  quote_rejected: null,
  // invoice_overdue is opened by time, not by an event: see invoice-overdue.ts.
  invoice_issued: null,
  payment_received: null,
  followup_scheduled: { type: "followup_due", moves: true, dueAt: (e) => normalizeIso(e.payload.due_at) },
  followup_sent: null,
  followup_dismissed: null,
  note_added: null,
  // Loop commands act on the one loop they name (entities/loop-records.ts), not on a type of loop.
  loop_dismissed: null,
  loop_resolved: null,
  loop_snoozed: null,
  loop_reopened: null,
  client_created: null,
  client_updated: null,
} as const satisfies { readonly [T in EventType]: Opening<T> | null };
// Every loop type is opened by some event type, but invoice_overdue (by time): a new loop type
// fails to compile here until an entry above opens it.
type Unopened = Exclude<LoopType, "invoice_overdue" | NonNullable<(typeof OPENS)[EventType]>["type"]>;
const _everyLoopOpened: [Unopened] extends [never] ? true : Unopened = true;

const QUOTE_LOOPS = ["new_lead", "quote_needed", "decision_pending"] as const;

/** The loops each event type closes on its entity, and how. Closing is applied before opening. */
export const CLOSES: { readonly [T in EventType]: CloseRule | null } = {
  lead_created: null,
  quote_requested: { types: ["new_lead"], status: "resolved" },
  quote_sent: { types: ["new_lead", "quote_needed"], status: "resolved" },
  quote_accepted: { types: QUOTE_LOOPS, status: "resolved" },
  quote_rejected: { types: QUOTE_LOOPS, status: "resolved" },
  invoice_issued: null,
  // Payments resolve invoice_overdue through the folded invoice: see invoice-overdue.ts.
  payment_received: null,
  followup_scheduled: null,
  followup_sent: { types: ["followup_due"], status: "resolved" },
  followup_dismissed: { types: ["followup_due"], status: "dismissed" },
  note_added: null,
  loop_dismissed: null,
  loop_resolved: null,
  loop_snoozed: null,
  loop_reopened: null,
  client_created: null,
  client_updated: null,
};

/** The event-opened loop this event opens (invoice_overdue is opened by time, see invoice-overdue.ts). */
export function opens(event: LoggedEvent): OpenRule | null {
  const rule = OPENS[event.event_type] as Opening<EventType> | null;
  return rule && { type: rule.type, due_at: rule.dueAt(event), moves: rule.moves };
}

/** The loops this event closes on its entity, and how. Closing is applied before opening. */
export function closes(event: LoggedEvent): CloseRule | null {
  return CLOSES[event.event_type];
}
