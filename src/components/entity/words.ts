import type { EventType } from "~/domain/events";
import type { LoopStatus, LoopType, SuggestedAction } from "~/domain/loops";

/** Event types in plain words, as the owner of a small business would say them. */
export const EVENT_WORDS: Record<EventType, string> = {
  lead_created: "New lead",
  quote_requested: "Quote requested",
  quote_sent: "Quote sent",
  quote_accepted: "Quote accepted",
  quote_rejected: "Quote rejected",
  invoice_issued: "Invoice issued",
  payment_received: "Payment received",
  followup_scheduled: "Follow-up scheduled",
  followup_sent: "Follow-up sent",
  followup_dismissed: "Follow-up dismissed",
  note_added: "Note added",
  loop_dismissed: "Loop dismissed",
  loop_resolved: "Loop resolved",
};

export const LOOP_WORDS: Record<LoopType, string> = {
  new_lead: "New lead to answer",
  quote_needed: "Quote needed",
  decision_pending: "Waiting for a decision",
  invoice_overdue: "Invoice overdue",
  followup_due: "Follow-up due",
};

export const ACTION_WORDS: Record<SuggestedAction, string> = {
  reply_to_lead: "Reply to the lead",
  draft_quote: "Draft the quote",
  check_in: "Check in with the client",
  resend_invoice: "Resend the invoice",
  send_followup: "Send the follow-up",
};

export const STATUS_WORDS: Record<LoopStatus, string> = { active: "Open", resolved: "Resolved", dismissed: "Dismissed" };

export const ENTITY_WORDS = { deal: "Deal", invoice: "Invoice", client: "Client", followup: "Follow-up" } as const;

export const STAGE_WORDS = {
  lead: "New lead",
  quote_requested: "Quote requested",
  quote_sent: "Quote sent",
  won: "Won",
  lost: "Lost",
} as const;

export const eventWords = (type: string): string => EVENT_WORDS[type as EventType] ?? type.replaceAll("_", " ");
export const loopWords = (type: string): string => LOOP_WORDS[type as LoopType] ?? type.replaceAll("_", " ");

/** "amount_cents" → "Amount", "client_id" → "Client": labels for payload fields without a dedicated one. */
export function fieldLabel(key: string): string {
  const words = key.replace(/_(cents|id|at)$/, "").replaceAll("_", " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
