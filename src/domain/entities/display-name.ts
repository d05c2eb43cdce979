import type { EntityFacts } from "./state";

const NOTE_CHARS = 80;
const short = (id: string) => id.slice(0, 8);

// Building an Intl.NumberFormat costs far more than formatting with one (the projector names
// every invoice it touches): one per currency, kept.
const formats = new Map<string, { format: Intl.NumberFormat; digits: number }>();

function moneyFormat(currency: string) {
  let f = formats.get(currency);
  if (!f) {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    f = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    formats.set(currency, f);
  }
  return f;
}

/** "€1,234.50": a fixed locale keeps the name deterministic whatever the server's locale. */
export function formatMoney(cents: number, currency: string): string {
  try {
    const { format, digits } = moneyFormat(currency);
    return format.format(cents / 10 ** digits);
  } catch {
    return `${currency} ${(cents / 100).toFixed(2)}`;
  }
}

/** The short label the dashboard and activity feed show for an entity. */
export function entityDisplayName(state: EntityFacts): string {
  switch (state.entity_type) {
    case "deal":
      return state.name ?? `Deal ${short(state.entity_id)}`;
    case "invoice": {
      const label = state.number ?? `INV-${short(state.entity_id)}`;
      const amount = state.amount_cents;
      return amount !== null && state.currency ? `${label} · ${formatMoney(amount, state.currency)}` : label;
    }
    case "followup": {
      const note = state.note?.trim();
      if (!note) return `Follow-up ${short(state.entity_id)}`;
      return note.length > NOTE_CHARS ? `${note.slice(0, NOTE_CHARS - 1)}…` : note;
    }
    case "client":
      return state.name ?? `Client ${short(state.entity_id)}`;
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}
