import type { DEAL_STAGES } from "~/domain/entities";
import type { EntityType } from "~/domain/events";

export const ENTITY_WORDS: Record<EntityType, string> = { deal: "Deal", invoice: "Invoice", client: "Client", followup: "Follow-up" };
export const ENTITY_PLURALS: Record<EntityType, string> = { deal: "Deals", invoice: "Invoices", client: "Clients", followup: "Follow-ups" };

export const STAGE_WORDS: Record<(typeof DEAL_STAGES)[number], string> = {
  lead: "New lead",
  quote_requested: "Quote requested",
  quote_sent: "Quote sent",
  won: "Won",
  lost: "Lost",
};
