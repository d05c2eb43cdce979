import type { EntityType, EventType } from "~/domain/events";
import { toMinorUnits } from "./money";

export type FieldKind = "textarea" | "money" | "currency" | "datetime" | "date";

export type FieldSpec = {
  name: string;
  label: string;
  kind: FieldKind;
  /** The issue path (schema or server) that belongs to this field. */
  path: string;
  hint?: string;
};

export type FormContext = { type: EntityType; id: string; currency: string | null };
export type Values = Record<string, string>;

export type FormSpec<T extends EventType = EventType> = {
  key: string;
  /** The button that opens the form, and its heading. */
  title: string;
  submit: string;
  eventType: T;
  fields: FieldSpec[];
  /** Set when the event starts a new entity (a follow-up about this one) rather than adding to this one. */
  newEntity?: EntityType;
  payload: (values: Values, ctx: FormContext) => Record<string, unknown>;
  /** Said (aria-live) once saved. */
  done: string;
};

export const WHEN: FieldSpec = { name: "when", label: "When it happened", kind: "datetime", path: "occurred_at", hint: "Leave empty for now." };

/** datetime-local → ISO instant; what cannot be read is passed on as typed, for the schema to refuse. */
export const instantOf = (local: string): string | undefined => {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? local : new Date(ms).toISOString();
};

/** A date → the end of that day in the viewer's time zone (a quote valid until the 17th is valid all day). */
const endOfDay = (date: string): string | undefined => (date ? instantOf(`${date}T23:59`) : undefined);
const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const currencyOf = (v: Values, ctx: FormContext) => v.currency?.trim().toUpperCase() || ctx.currency || "EUR";

const AMOUNT: FieldSpec = { name: "amount", label: "Amount", kind: "money", path: "payload.amount_cents" };
const CURRENCY: FieldSpec = { name: "currency", label: "Currency", kind: "currency", path: "payload.currency", hint: "Three letters, such as EUR." };

const note: FormSpec<"note_added"> = {
  key: "note",
  title: "Add a note",
  submit: "Add note",
  eventType: "note_added",
  fields: [{ name: "text", label: "Note", kind: "textarea", path: "payload.text" }],
  payload: (v) => ({ text: v.text ?? "" }),
  done: "Note added.",
};

const followup: FormSpec<"followup_scheduled"> = {
  key: "followup",
  title: "Schedule a follow-up",
  submit: "Schedule follow-up",
  eventType: "followup_scheduled",
  newEntity: "followup",
  fields: [
    { name: "due", label: "Follow up on", kind: "datetime", path: "payload.due_at" },
    { name: "note", label: "What about", kind: "textarea", path: "payload.note", hint: "Optional." },
  ],
  payload: (v, ctx) => ({ due_at: instantOf(v.due ?? ""), note: text(v.note), about: { type: ctx.type, id: ctx.id } }),
  done: "Follow-up scheduled.",
};

const payment: FormSpec<"payment_received"> = {
  key: "payment",
  title: "Record a payment",
  submit: "Record payment",
  eventType: "payment_received",
  fields: [AMOUNT, CURRENCY],
  payload: (v, ctx) => ({ amount_cents: toMinorUnits(v.amount ?? "", currencyOf(v, ctx)), currency: currencyOf(v, ctx) }),
  done: "Payment recorded.",
};

const quoteSent: FormSpec<"quote_sent"> = {
  key: "quote_sent",
  title: "Quote sent",
  submit: "Mark quote sent",
  eventType: "quote_sent",
  fields: [AMOUNT, CURRENCY, { name: "valid", label: "Valid until", kind: "date", path: "payload.valid_until", hint: "Optional." }],
  payload: (v, ctx) => ({
    amount_cents: toMinorUnits(v.amount ?? "", currencyOf(v, ctx)),
    currency: currencyOf(v, ctx),
    valid_until: endOfDay(v.valid ?? ""),
  }),
  done: "Quote marked as sent.",
};

const quoteAccepted: FormSpec<"quote_accepted"> = {
  key: "quote_accepted",
  title: "Quote accepted",
  submit: "Mark quote accepted",
  eventType: "quote_accepted",
  fields: [{ ...AMOUNT, label: "Agreed amount", hint: "Optional: leave empty to keep the quoted amount." }],
  payload: (v, ctx) => ({ amount_cents: toMinorUnits(v.amount ?? "", currencyOf(v, ctx)) }),
  done: "Quote marked as accepted.",
};

const quoteRejected: FormSpec<"quote_rejected"> = {
  key: "quote_rejected",
  title: "Quote rejected",
  submit: "Mark quote rejected",
  eventType: "quote_rejected",
  fields: [{ name: "reason", label: "Reason", kind: "textarea", path: "payload.reason", hint: "Optional." }],
  payload: (v) => ({ reason: text(v.reason) }),
  done: "Quote marked as rejected.",
};

/**
 * The form each event type is recorded with on an entity's page, or null with where it comes
 * from instead: a new event type fails to compile here until that is decided.
 */
export const FORM_OF: { readonly [T in EventType]: FormSpec<T> | null } = {
  lead_created: null, // null: recorded through the API (events.append) unless said otherwise
  quote_requested: null,
  quote_sent: quoteSent,
  quote_accepted: quoteAccepted,
  quote_rejected: quoteRejected,
  invoice_issued: null,
  payment_received: payment,
  followup_scheduled: followup,
  followup_sent: null,
  followup_dismissed: null,
  note_added: note,
  loop_dismissed: null, // the loop's Dismiss (dashboard, entity page): loops.dismiss
  loop_resolved: null, // the loop's Resolve: loops.resolve
};

/** What can be recorded on each kind of entity from its page, in the order of its buttons. */
export const FORMS_FOR: Record<EntityType, FormSpec[]> = {
  deal: [note, followup, quoteSent, quoteAccepted, quoteRejected],
  invoice: [payment, note, followup],
  client: [note, followup],
  followup: [note],
};

/** Drops undefined fields: optional payload fields are absent, not null. */
export const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
