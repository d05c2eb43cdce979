import { formatMoney } from "~/domain/entities";
import type { EventType } from "~/domain/events";

const DETAIL_CHARS = 140;
const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const clip = (s: string) => (s.length > DETAIL_CHARS ? `${s.slice(0, DETAIL_CHARS - 1)}…` : s);
const date = (v: unknown) => {
  const s = str(v);
  const ms = s ? Date.parse(s) : NaN;
  return Number.isNaN(ms) ? null : day.format(ms);
};
/** The snooze's end, to the minute: in UTC, as `day` is (the server renders the first page). */
const minute = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dateTime = (v: unknown) => {
  const s = str(v);
  const ms = s ? Date.parse(s) : NaN;
  return Number.isNaN(ms) ? null : `${minute.format(ms)} UTC`;
};
const CLIENT_FIELD_WORDS: Record<string, string> = { name: "name", email: "email", phone: "phone", company: "company" };
const changedFields = (p: Record<string, unknown>) => {
  const names = Object.keys(CLIENT_FIELD_WORDS).filter((k) => p[k] !== undefined).map((k) => CLIENT_FIELD_WORDS[k]!);
  return names.length ? `changed: ${names.join(", ")}` : null;
};
const money = (p: Record<string, unknown>, key = "amount_cents") => {
  const cents = num(p[key]);
  const currency = str(p.currency);
  return cents !== null && currency ? formatMoney(cents, currency) : null;
};

type Payload = Record<string, unknown>;
const parts = (...xs: (string | null)[]) => xs.filter(Boolean).join(", ") || null;
const quoted = (v: unknown) => (str(v) ? `“${clip(str(v)!)}”` : null);

/**
 * What an activity entry adds to its type, per event type. Payloads are read defensively (an
 * event logged before a field was validated may lack it); null when there is nothing to add.
 */
const DETAIL: { readonly [T in EventType]: (p: Payload) => string | null } = {
  lead_created: (p) => parts(str(p.source) ? `via ${str(p.source)}` : null),
  quote_requested: (p) => parts(date(p.due_at) ? `wanted by ${date(p.due_at)}` : null),
  quote_sent: (p) => parts(money(p), date(p.valid_until) ? `valid until ${date(p.valid_until)}` : null),
  quote_accepted: (p) => parts(money(p)),
  quote_rejected: (p) => quoted(p.reason),
  invoice_issued: (p) => parts(money(p), date(p.due_at) ? `due ${date(p.due_at)}` : null),
  payment_received: (p) => parts(money(p)),
  followup_scheduled: (p) => parts(date(p.due_at) ? `for ${date(p.due_at)}` : null),
  followup_sent: (p) => parts(str(p.channel) ? `by ${str(p.channel)}` : null),
  followup_dismissed: (p) => quoted(p.reason),
  note_added: (p) => (str(p.text) ? clip(str(p.text)!) : null),
  loop_dismissed: (p) => quoted(p.reason),
  loop_resolved: (p) => quoted(p.note),
  loop_snoozed: (p) => parts(dateTime(p.until) ? `until ${dateTime(p.until)}` : null, quoted(p.note)),
  loop_reopened: (p) => quoted(p.note),
  // A client's fields are personal data: the feed names what changed, not the values.
  client_created: (p) => parts(str(p.company)),
  client_updated: (p) => changedFields(p),
};

/** The one line an activity entry adds to its type: the amount, the reason, the note. Null when nothing to add. */
export function eventDetail(eventType: string, payload: unknown): string | null {
  const p = (payload && typeof payload === "object" ? payload : {}) as Payload;
  return Object.hasOwn(DETAIL, eventType) ? DETAIL[eventType as EventType](p) : null;
}
