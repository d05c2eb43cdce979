import type { EntityType } from "../events";

export const LOOP_TYPES = ["new_lead", "quote_needed", "decision_pending", "invoice_overdue", "followup_due"] as const;
export type LoopType = (typeof LOOP_TYPES)[number];

export const LOOP_STATUSES = ["active", "dismissed", "resolved"] as const;
export type LoopStatus = (typeof LOOP_STATUSES)[number];

export const SEVERITIES = ["medium", "high"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SUGGESTED_ACTIONS = {
  new_lead: "reply_to_lead",
  quote_needed: "draft_quote",
  decision_pending: "check_in",
  invoice_overdue: "resend_invoice",
  followup_due: "send_followup",
} as const satisfies Record<LoopType, string>;
export type SuggestedAction = (typeof SUGGESTED_ACTIONS)[LoopType];

/**
 * One open loop as derived at some `asOf`: the row the projector upserts into `open_loops`
 * (it adds created_at / updated_at itself). Every field is JSON data.
 */
export type Loop = {
  id: string;
  org_id: string;
  type: LoopType;
  entity_type: EntityType;
  entity_id: string;
  /** ISO instant (UTC, "Z") at which the loop becomes critical. */
  due_at: string;
  severity: Severity;
  suggested_action: SuggestedAction;
  status: LoopStatus;
  opened_by_event_id: string;
  closed_by_event_id: string | null;
  /** When the loop opened: the opening event's occurred_at; for invoice_overdue, the due_at. */
  opened_at: string;
  /** occurred_at of the closing event, null while active. */
  closed_at: string | null;
  /** Dismiss reason (loop_dismissed / followup_dismissed), shown by the UI. */
  reason: string | null;
  /** Resolve note (loop_resolved), shown by the UI. */
  note: string | null;
  /** While snoozed at asOf (active, asOf < until): when it comes back by itself; else null. */
  snoozed_until: string | null;
  /** The loop_reopened that last brought it back from a dismiss, resolve or snooze; null if none. */
  reopened_by_event_id: string | null;
};
