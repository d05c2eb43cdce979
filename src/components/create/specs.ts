import { ENTITY_TYPES, type EntityType, type EventType } from "~/domain/events";
import { type FieldSpec, type Values, WHEN, compact, endOfDay, instantOf } from "~/components/entity/forms/specs";
import { toMinorUnits } from "~/components/entity/forms/money";
import type { PickedEntity } from "~/components/find/types";
import type { CreateKind } from "./kinds";

/** One event the form appends, and which form field each of its issue paths belongs to. */
export type Draft = {
  event_type: EventType;
  occurred_at: string;
  primary_entity: { type: EntityType; id: string };
  payload: Record<string, unknown>;
  fieldOfPath: Record<string, string>;
};

/** The entity a form is about or for (a client, a deal…): none, one picked by search, or a new client. */
export type Pick = { mode: "none" } | { mode: "existing"; entity: PickedEntity } | { mode: "new" };

export type PickerSpec = {
  label: string;
  types: readonly EntityType[];
  hint: string;
  /** Offer to create a new client in the same flow (its fields: CLIENT_FIELDS). */
  newClient?: boolean;
};

/** Client-generated ids, kept across a retry so that a resend is idempotent. */
export type Ids = { main: string; client: string };

export type CreateSpec = {
  kind: CreateKind;
  title: string;
  submit: string;
  done: string;
  /** What the form starts: the entity opened once it is saved. */
  entityType: EntityType;
  fields: FieldSpec[];
  picker?: PickerSpec;
  drafts: (v: Values, pick: Pick, ids: Ids, now: string) => Draft[];
};

const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const currencyOf = (v: Values) => v.currency?.trim().toUpperCase() || "EUR";
const paths = (fields: FieldSpec[]) => Object.fromEntries(fields.map((f) => [f.path, f.name]));

const clientFields = (prefix: string, nameLabel: string): FieldSpec[] => [
  { name: `${prefix}name`, label: nameLabel, kind: "text", path: "payload.name", required: true },
  { name: `${prefix}email`, label: "Email", kind: "email", path: "payload.email", hint: "Optional." },
  { name: `${prefix}phone`, label: "Phone", kind: "tel", path: "payload.phone", hint: "Optional." },
  { name: `${prefix}company`, label: "Company", kind: "text", path: "payload.company", hint: "Optional." },
];

/** The new client's fields inside the lead form (named apart from the lead's own name). */
export const NEW_CLIENT_FIELDS = clientFields("client_", "Client's name");
const CLIENT_FIELDS = clientFields("", "Name");

const clientDraft = (v: Values, id: string, fields: FieldSpec[], prefix: string, now: string): Draft => ({
  event_type: "client_created",
  occurred_at: now,
  primary_entity: { type: "client", id },
  payload: compact({ name: v[`${prefix}name`] ?? "", email: text(v[`${prefix}email`]), phone: text(v[`${prefix}phone`]), company: text(v[`${prefix}company`]) }),
  fieldOfPath: paths(fields),
});

const WHEN_CREATED: FieldSpec = { ...WHEN, hint: "Leave empty for now, or type when it came in, such as 24 Nov 2026, 15:00." };

const LEAD_FIELDS: FieldSpec[] = [
  { name: "name", label: "Name", kind: "text", path: "payload.name", required: true, hint: "Who they are, or what they asked for." },
  { name: "source", label: "Source", kind: "text", path: "payload.source", hint: "Optional: where it came from, such as website or fair." },
  WHEN_CREATED,
];

const lead: CreateSpec = {
  kind: "lead",
  title: "New lead",
  submit: "Create lead",
  done: "Lead created.",
  entityType: "deal",
  fields: LEAD_FIELDS,
  picker: { label: "Client", types: ["client"], hint: "Optional: an existing client, or a new one created with the lead.", newClient: true },
  drafts: (v, pick, ids, now) => {
    const occurred_at = instantOf(v.when ?? "") ?? now;
    const client = pick.mode === "new" ? [{ ...clientDraft(v, ids.client, NEW_CLIENT_FIELDS, "client_", now), occurred_at }] : [];
    const clientId = pick.mode === "new" ? ids.client : pick.mode === "existing" ? pick.entity.id : undefined;
    return [
      ...client,
      {
        event_type: "lead_created",
        occurred_at,
        primary_entity: { type: "deal", id: ids.main },
        payload: compact({ name: v.name ?? "", source: text(v.source), client_id: clientId }),
        fieldOfPath: { ...paths(LEAD_FIELDS), occurred_at: "when" },
      },
    ];
  },
};

const client: CreateSpec = {
  kind: "client",
  title: "New client",
  submit: "Create client",
  done: "Client created.",
  entityType: "client",
  fields: CLIENT_FIELDS,
  drafts: (v, _pick, ids, now) => [clientDraft(v, ids.main, CLIENT_FIELDS, "", now)],
};

const INVOICE_FIELDS: FieldSpec[] = [
  { name: "number", label: "Invoice number", kind: "text", path: "payload.number", hint: "Optional, such as INV-2026-0042." },
  { name: "amount", label: "Amount", kind: "money", path: "payload.amount_cents", required: true },
  { name: "currency", label: "Currency", kind: "currency", path: "payload.currency", hint: "Three letters, such as EUR." },
  { name: "due", label: "Due on", kind: "date", path: "payload.due_at", required: true, hint: "Such as 24 Dec 2026: overdue from the day after." },
  { ...WHEN, label: "Issued", hint: "Leave empty for now." },
];

const invoice: CreateSpec = {
  kind: "invoice",
  title: "Issue an invoice",
  submit: "Issue invoice",
  done: "Invoice issued.",
  entityType: "invoice",
  fields: INVOICE_FIELDS,
  picker: { label: "For", types: ["client", "deal"], hint: "Optional: the client or the deal it is for." },
  drafts: (v, pick, ids, now) => [
    {
      event_type: "invoice_issued",
      occurred_at: instantOf(v.when ?? "") ?? now,
      primary_entity: { type: "invoice", id: ids.main },
      payload: compact({
        amount_cents: toMinorUnits(v.amount ?? "", currencyOf(v)),
        currency: currencyOf(v),
        due_at: endOfDay(v.due ?? "") ?? "",
        number: text(v.number),
        client_id: pick.mode === "existing" && pick.entity.type === "client" ? pick.entity.id : undefined,
        deal_id: pick.mode === "existing" && pick.entity.type === "deal" ? pick.entity.id : undefined,
      }),
      fieldOfPath: { ...paths(INVOICE_FIELDS), occurred_at: "when" },
    },
  ],
};

const FOLLOWUP_FIELDS: FieldSpec[] = [
  { name: "due", label: "Follow up on", kind: "datetime", path: "payload.due_at", required: true, hint: "Such as 24 Nov 2026, 09:00." },
  { name: "note", label: "What about", kind: "textarea", path: "payload.note", hint: "Optional." },
];

const followup: CreateSpec = {
  kind: "followup",
  title: "Schedule a follow-up",
  submit: "Schedule follow-up",
  done: "Follow-up scheduled.",
  entityType: "followup",
  fields: FOLLOWUP_FIELDS,
  picker: { label: "About", types: ENTITY_TYPES, hint: "Optional: the client, deal, invoice or follow-up it is about." },
  drafts: (v, pick, ids, now) => [
    {
      event_type: "followup_scheduled",
      occurred_at: now,
      primary_entity: { type: "followup", id: ids.main },
      payload: compact({
        due_at: instantOf(v.due ?? "") ?? "",
        note: text(v.note),
        about: pick.mode === "existing" ? { type: pick.entity.type, id: pick.entity.id } : undefined,
      }),
      fieldOfPath: paths(FOLLOWUP_FIELDS),
    },
  ],
};

export const CREATE_SPECS: Record<CreateKind, CreateSpec> = { lead, client, invoice, followup };
