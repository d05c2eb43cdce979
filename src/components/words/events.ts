import type { EventType } from "~/domain/events";

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
  loop_snoozed: "Loop snoozed",
  loop_reopened: "Loop reopened",
  client_created: "New client",
  client_updated: "Client details changed",
};

/** An event type in words; a type this build does not know (newer data) reads as its code. */
export const eventWords = (type: string): string => EVENT_WORDS[type as EventType] ?? type.replaceAll("_", " ");

/** "amount_cents" → "Amount", "client_id" → "Client": labels for payload fields without a dedicated one. */
export function fieldLabel(key: string): string {
  const words = key.replace(/_(cents|id|at)$/, "").replaceAll("_", " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
