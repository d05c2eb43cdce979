import { z } from "zod";
import type { EntityType, EventType } from "../events";
import { LOOP_STATUSES, LOOP_TYPES } from "../loops/types";

/**
 * Folded per-entity state. Plain JSON only (ISO strings, numbers, arrays, null — never
 * undefined, Date or Map) because the projector stores it as jsonb and parses it back.
 */

/**
 * For each event type, the fold version at which folding it last changed meaning; FOLD_VERSION
 * is the highest. Raise a type's entry when its fold changes: stored states of another version
 * fail `parseEntityState` and are refolded from the log. A new event type must be entered here
 * (the compiler asks): at FOLD_VERSION when the states stored so far stay right (they never saw
 * it), above it when folding it changes what the fields below mean.
 */
export const FOLD_VERSIONS: { readonly [T in EventType]: number } = {
  lead_created: 1,
  quote_requested: 1,
  quote_sent: 1,
  quote_accepted: 1,
  quote_rejected: 1,
  invoice_issued: 1,
  // 2: a payment that completes the invoice ends the overdue loop's snooze.
  payment_received: 2,
  followup_scheduled: 1,
  followup_sent: 1,
  followup_dismissed: 1,
  note_added: 1,
  // 2: a command's closure is marked as one (only those can be reopened) and ends a snooze.
  loop_dismissed: 2,
  loop_resolved: 2,
  // 2: snooze and reopen (loop records, the invoice's overdue fields) and named clients.
  loop_snoozed: 2,
  loop_reopened: 2,
  client_created: 2,
  client_updated: 2,
};
export const FOLD_VERSION: number = Math.max(...Object.values(FOLD_VERSIONS));

const nullableText = z.string().nullable();

/** A loop opened by an event (deal and follow-up loops); its status is decided by the fold. */
export const loopRecord = z.object({
  id: z.string(),
  type: z.enum(LOOP_TYPES),
  opened_by_event_id: z.string(),
  opened_at: z.string(),
  due_at: z.string(),
  status: z.enum(LOOP_STATUSES),
  closed_by_event_id: nullableText,
  closed_at: nullableText,
  /** True when a loop_dismissed / loop_resolved closed it: only such a closure can be reopened. */
  closed_by_command: z.boolean(),
  reason: nullableText,
  note: nullableText,
  /** Set by loop_snoozed on an active loop; the loop is snoozed while asOf < snoozed_until. */
  snoozed_until: nullableText,
  /** The loop_reopened that last brought it back (from a command's closure or a snooze). */
  reopened_by_event_id: nullableText,
});
export type LoopRecord = z.infer<typeof loopRecord>;

const base = {
  fold_version: z.literal(FOLD_VERSION),
  org_id: z.string(),
  entity_id: z.string(),
  /** entity_version of the last folded event (0 before any). */
  version: z.number().int(),
  notes_count: z.number().int(),
  last_note: nullableText,
};

export const DEAL_STAGES = ["lead", "quote_requested", "quote_sent", "won", "lost"] as const;

export const dealState = z.object({
  ...base,
  entity_type: z.literal("deal"),
  name: nullableText,
  client_id: nullableText,
  stage: z.enum(DEAL_STAGES).nullable(),
  quote: z.object({
    amount_cents: z.number().nullable(),
    currency: nullableText,
    valid_until: nullableText,
    sent_count: z.number().int(),
  }),
  loops: z.array(loopRecord),
});

export const payment = z.object({
  event_id: z.string(),
  amount_cents: z.number(),
  currency: z.string(),
  occurred_at: z.string(),
});
export type Payment = z.infer<typeof payment>;

/** A loop_dismissed / loop_resolved that closed the invoice_overdue loop; final once set. */
export const commandClosure = z.object({
  status: z.enum(["dismissed", "resolved"]),
  event_id: z.string(),
  occurred_at: z.string(),
  reason: nullableText,
  note: nullableText,
});

export const invoiceState = z.object({
  ...base,
  entity_type: z.literal("invoice"),
  /** The first invoice_issued: the overdue loop's opening event. */
  issued_event_id: nullableText,
  issued_at: nullableText,
  number: nullableText,
  amount_cents: z.number().nullable(),
  currency: nullableText,
  due_at: nullableText,
  deal_id: nullableText,
  client_id: nullableText,
  /** In log order: the running sum tells which payment completed the invoice. */
  payments: z.array(payment),
  overdue_closure: commandClosure.nullable(),
  /** The overdue loop's snooze and reopening (it has no record of its own: invoice-overdue.ts). */
  overdue_snoozed_until: nullableText,
  overdue_reopened_by: nullableText,
});

export const followupState = z.object({
  ...base,
  entity_type: z.literal("followup"),
  status: z.enum(["scheduled", "sent", "dismissed"]).nullable(),
  due_at: nullableText,
  note: nullableText,
  about: z.object({ type: z.string(), id: z.string() }).nullable(),
  loops: z.array(loopRecord),
});

/** Personal data, folded from client_created / client_updated payloads (and erased with them). */
export const clientState = z.object({
  ...base,
  entity_type: z.literal("client"),
  name: nullableText,
  email: nullableText,
  phone: nullableText,
  company: nullableText,
});

export const entityState = z.discriminatedUnion("entity_type", [dealState, invoiceState, followupState, clientState]);
export type EntityState = z.infer<typeof entityState>;
export type DealState = z.infer<typeof dealState>;
export type InvoiceState = z.infer<typeof invoiceState>;
export type FollowupState = z.infer<typeof followupState>;
export type ClientState = z.infer<typeof clientState>;
export type StateOf<T extends EntityType> = Extract<EntityState, { entity_type: T }>;

/** Re-hydrates a stored state (jsonb); throws a ZodError on a foreign shape or fold version. */
export const parseEntityState = (json: unknown): EntityState => entityState.parse(json);

/** A state without its loop records: the facts a reader is shown (its loops come derived at a moment). */
export type EntityFacts = EntityState extends infer S ? (S extends unknown ? Omit<S, "loops"> : never) : never;

/** The state less its loop records, which an answer that carries the derived loops would repeat in full. */
export function factsOf(state: EntityState | EntityFacts): EntityFacts {
  if (!("loops" in state)) return state;
  const { loops: _loops, ...facts } = state;
  return facts as EntityFacts;
}
