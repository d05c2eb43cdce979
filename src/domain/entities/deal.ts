import type { LoggedEventOf } from "../events";
import { normalizeIso } from "../loops/instants";
import { applyLoopRules } from "./loop-records";
import type { DealState } from "./state";

export type DealEvent = LoggedEventOf<
  "lead_created" | "quote_requested" | "quote_sent" | "quote_accepted" | "quote_rejected"
>;

export function evolveDeal(state: DealState, event: DealEvent): DealState {
  const loops = applyLoopRules(state.loops, event);
  switch (event.event_type) {
    case "lead_created":
      // A repeated lead_created keeps the first name: it is most often a duplicate delivery.
      return {
        ...state,
        loops,
        name: state.name ?? event.payload.name,
        client_id: state.client_id ?? event.payload.client_id ?? null,
        stage: state.stage ?? "lead",
      };
    case "quote_requested":
      return { ...state, loops, stage: "quote_requested" };
    case "quote_sent": {
      const { amount_cents, currency, valid_until } = event.payload;
      const sent_count = state.quote.sent_count + 1;
      const quote = { amount_cents, currency, valid_until: valid_until ? normalizeIso(valid_until) : null, sent_count };
      return { ...state, loops, stage: "quote_sent", quote };
    }
    case "quote_accepted": {
      const amount_cents = event.payload.amount_cents ?? state.quote.amount_cents;
      return { ...state, loops, stage: "won", quote: { ...state.quote, amount_cents } };
    }
    case "quote_rejected":
      return { ...state, loops, stage: "lost" };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
