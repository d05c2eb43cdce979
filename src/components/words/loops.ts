import type { LoopStatus, LoopType, SuggestedAction } from "~/domain/loops";

/** One loop, by its type (the entity page's loop list, payloads that name a loop). */
export const LOOP_WORDS: Record<LoopType, string> = {
  new_lead: "New lead to answer",
  quote_needed: "Quote needed",
  decision_pending: "Waiting for a decision",
  invoice_overdue: "Invoice overdue",
  followup_due: "Follow-up due",
};

/** Labels of the dashboard's kind filter (plural: they name groups of loops). */
export const LOOP_KIND_LABELS: Record<LoopType, string> = {
  new_lead: "New leads",
  quote_needed: "Quotes to draft",
  decision_pending: "Awaiting decision",
  invoice_overdue: "Overdue invoices",
  followup_due: "Follow-ups",
};

/** The suggested next step, as it reads inside a sentence ("Next step: resend the invoice"). */
export const ACTION_WORDS: Record<SuggestedAction, string> = {
  reply_to_lead: "reply to the lead",
  draft_quote: "draft and send the quote",
  check_in: "check in with the client",
  resend_invoice: "resend the invoice",
  send_followup: "send the follow-up",
};

export const STATUS_WORDS: Record<LoopStatus, string> = { active: "Open", resolved: "Resolved", dismissed: "Dismissed" };

/** The suggested next step in words ("resend the invoice"); unknown actions read as their code. */
export function suggestedActionWords(action: string): string {
  return ACTION_WORDS[action as SuggestedAction] ?? action.replaceAll("_", " ");
}

/** The same words opening a sentence: "Resend the invoice". */
export function suggestedActionSentence(action: string): string {
  const words = suggestedActionWords(action);
  return words.charAt(0).toUpperCase() + words.slice(1);
}
