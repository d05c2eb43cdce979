import { formatMoney } from "./display-name";
import type { DealState, EntityState } from "./state";

// One line that says where an entity stands, for lists (the directory, search results). English
// and UTC like the display name: it is computed on the server, for every reader alike.

const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateOf = (iso: string) => day.format(Date.parse(iso));

const STAGE: Record<NonNullable<DealState["stage"]>, string> = {
  lead: "New lead",
  quote_requested: "Quote requested",
  quote_sent: "Quote sent",
  won: "Won",
  lost: "Lost",
};

const join = (...parts: (string | null)[]) => parts.filter(Boolean).join(" · ") || null;

/** Where the entity stands, in a few words; null when nothing is known yet. */
export function entitySummary(state: EntityState): string | null {
  switch (state.entity_type) {
    case "deal": {
      const q = state.quote;
      const amount = q.amount_cents !== null && q.currency ? formatMoney(q.amount_cents, q.currency) : null;
      return join(state.stage ? STAGE[state.stage] : null, state.stage === "lost" ? null : amount);
    }
    case "invoice": {
      if (state.amount_cents === null || !state.currency) return null;
      const paid = state.payments.reduce((sum, p) => sum + p.amount_cents, 0);
      if (paid >= state.amount_cents) return "Paid";
      const toPay = formatMoney(state.amount_cents - paid, state.currency);
      return join(`${toPay} to pay`, state.due_at ? `due ${dateOf(state.due_at)}` : null);
    }
    case "followup":
      if (state.status === "scheduled") return state.due_at ? `Scheduled for ${dateOf(state.due_at)}` : "Scheduled";
      return state.status === "sent" ? "Sent" : state.status === "dismissed" ? "Dismissed" : null;
    case "client":
      return join(state.company, state.email);
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}
