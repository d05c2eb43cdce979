import type { EntityType, EventType } from "~/domain/events";
import { parseDateText, parseDateTimeText } from "~/components/ui/date-time-text";
import { toMinorUnits } from "./money";

/** datetime and date are typed in the app's own format ("24 Nov 2026, 15:00"), not the browser's locale. */
export type FieldKind = "text" | "email" | "tel" | "textarea" | "money" | "currency" | "datetime" | "date";

export type FieldSpec = {
  name: string;
  label: string;
  kind: FieldKind;
  /** The issue path (schema or server) that belongs to this field. */
  path: string;
  hint?: string;
  /** Said to screen readers; the schema still decides (an empty required field gets its message). */
  required?: boolean;
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

export const WHEN: FieldSpec = {
  name: "when",
  label: "When it happened",
  kind: "datetime",
  path: "occurred_at",
  hint: "Leave empty for now, or type a date and time such as 24 Nov 2026, 15:00.",
};

/**
 * A date and time as typed ("24 Nov 2026, 15:11", the viewer's time zone) → ISO instant; what
 * cannot be read is passed on as typed, for the schema to refuse in its own words.
 */
export const instantOf = (typed: string): string | undefined => {
  const text = typed.trim();
  if (!text) return undefined;
  const ms = parseDateTimeText(text);
  return ms === null ? text : new Date(ms).toISOString();
};

/** A date → the end of that day in the viewer's time zone (a quote valid until the 17th is valid all day). */
export const endOfDay = (typed: string): string | undefined => {
  const text = typed.trim();
  if (!text) return undefined;
  const ms = parseDateText(text);
  if (ms === null) return text;
  const end = new Date(ms);
  end.setHours(23, 59, 0, 0); // not ms + 24 h: a day with a clock change is 23 or 25 hours long
  return end.toISOString();
};
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

const clientDetails: FormSpec<"client_updated"> = {
  key: "client_details",
  title: "Change details",
  submit: "Save details",
  eventType: "client_updated",
  fields: [
    { name: "name", label: "Name", kind: "text", path: "payload.name" },
    { name: "email", label: "Email", kind: "email", path: "payload.email" },
    { name: "phone", label: "Phone", kind: "tel", path: "payload.phone" },
    { name: "company", label: "Company", kind: "text", path: "payload.company", hint: "Fill in only what changes; the rest stays as it is." },
  ],
  // Only the fields filled in: those replace the old values (client_updated), the others stay.
  payload: (v) => ({ name: text(v.name), email: text(v.email), phone: text(v.phone), company: text(v.company) }),
  done: "Details saved.",
};

/**
 * The form each event type is recorded with on an entity's page, or null with where it comes
 * from instead: a new event type fails to compile here until that is decided.
 */
export const FORM_OF: { readonly [T in EventType]: FormSpec<T> | null } = {
  lead_created: null, // null: not on an entity's page. The New menu's "New lead" (it starts the deal): src/components/create
  quote_requested: null,
  quote_sent: quoteSent,
  quote_accepted: quoteAccepted,
  quote_rejected: quoteRejected,
  invoice_issued: null, // the New menu's "Issue an invoice" (it starts the invoice)
  payment_received: payment,
  followup_scheduled: followup,
  followup_sent: null,
  followup_dismissed: null,
  note_added: note,
  loop_dismissed: null, // the loop's Dismiss (dashboard, entity page): loops.dismiss
  loop_resolved: null, // the loop's Resolve: loops.resolve
  loop_snoozed: null, // the loop's Snooze: loops.snooze
  loop_reopened: null, // Undo after a dismiss, resolve or snooze: loops.reopen
  client_created: null, // the New menu's "New client" (it starts the entity)
  client_updated: clientDetails,
};

/** What can be recorded on each kind of entity from its page, in the order of its buttons. */
export const FORMS_FOR: Record<EntityType, FormSpec[]> = {
  deal: [note, followup, quoteSent, quoteAccepted, quoteRejected],
  invoice: [payment, note, followup],
  client: [clientDetails, note, followup],
  followup: [note],
};

/** Drops undefined fields: optional payload fields are absent, not null. */
export const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
