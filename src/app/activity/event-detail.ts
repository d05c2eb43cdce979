import { formatMoney } from "~/domain/entities";

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
const money = (p: Record<string, unknown>, key = "amount_cents") => {
  const cents = num(p[key]);
  const currency = str(p.currency);
  return cents !== null && currency ? formatMoney(cents, currency) : null;
};

/** The one line an activity entry adds to its type: the amount, the reason, the note. Null when nothing to add. */
export function eventDetail(eventType: string, payload: unknown): string | null {
  const p = (payload && typeof payload === "object" ? payload : {}) as Record<string, unknown>;
  const parts = (...xs: (string | null)[]) => xs.filter(Boolean).join(", ") || null;
  switch (eventType) {
    case "lead_created":
      return parts(str(p.source) ? `via ${str(p.source)}` : null);
    case "quote_requested":
      return parts(date(p.due_at) ? `wanted by ${date(p.due_at)}` : null);
    case "quote_sent":
      return parts(money(p), date(p.valid_until) ? `valid until ${date(p.valid_until)}` : null);
    case "quote_accepted":
      return parts(money(p));
    case "invoice_issued":
      return parts(money(p), date(p.due_at) ? `due ${date(p.due_at)}` : null);
    case "payment_received":
      return parts(money(p));
    case "followup_scheduled":
      return parts(date(p.due_at) ? `for ${date(p.due_at)}` : null);
    case "followup_sent":
      return parts(str(p.channel) ? `by ${str(p.channel)}` : null);
    case "note_added":
      return str(p.text) ? clip(str(p.text)!) : null;
    case "quote_rejected":
    case "followup_dismissed":
    case "loop_dismissed":
      return str(p.reason) ? `“${clip(str(p.reason)!)}”` : null;
    case "loop_resolved":
      return str(p.note) ? `“${clip(str(p.note)!)}”` : null;
    default:
      return null;
  }
}
