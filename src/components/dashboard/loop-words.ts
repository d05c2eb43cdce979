import { formatRelative, wholeDaysBetween } from "~/components/ui/relative-time-format";
import type { LoopView } from "./types";

/** What the loop is about, in a sentence: "Reply to new lead: Jane Doe". */
export function loopTitle(loop: Pick<LoopView, "type" | "entity_name" | "due_at">, now: Date): string {
  const name = loop.entity_name?.trim() || null;
  switch (loop.type) {
    case "new_lead":
      return name ? `Reply to new lead: ${name}` : "Reply to a new lead";
    case "quote_needed":
      return name ? `Draft a quote for ${name}` : "Draft a requested quote";
    case "decision_pending":
      return name ? `Check in on the quote for ${name}` : "Check in on a sent quote";
    case "invoice_overdue":
      return invoiceTitle(name, wholeDaysBetween(new Date(loop.due_at), now));
    case "followup_due":
      return name ? `Send the follow-up: ${name}` : "Send a follow-up";
    default: {
      const unhandled: never = loop.type;
      return String(unhandled);
    }
  }
}

/** The invoice's display name is "INV-2026-0042 · €1,200.00" (entityDisplayName): number, then amount. */
function invoiceTitle(name: string | null, days: number): string {
  const [label, amount] = (name ?? "").split(" · ");
  const subject = label ? `Invoice ${label}` : "An invoice";
  const late = days >= 1 ? `is ${days} day${days === 1 ? "" : "s"} overdue` : "is overdue";
  return amount ? `${subject} ${late}: ${amount}` : `${subject} ${late}`;
}

/** "Due in 3 hours" / "Was due 2 days ago". */
export function dueWords(dueAt: string, now: Date): string {
  const due = new Date(dueAt);
  const rel = formatRelative(due, now);
  return due.getTime() > now.getTime() ? `Due ${rel}` : `Was due ${rel}`;
}
