import type { Loop } from "./types";

/** What can happen to a loop that someone (a person or an automation) wants to hear about. */
export const LOOP_CHANGE_KINDS = ["opened", "reopened", "snoozed", "woke", "escalated", "closed"] as const;
export type LoopChangeKind = (typeof LOOP_CHANGE_KINDS)[number];

export type LoopChange = {
  kind: LoopChangeKind;
  /** The loop as it stands after the change (for `closed` of a loop that vanished: as it last stood, marked resolved). */
  loop: Loop;
  /** The event that caused it; null when time alone did (a due date passed, a snooze ran out). */
  caused_by_event_id: string | null;
  /** When it happened: the causing event's instant, or the instant time reached (due_at, snoozed_until). */
  changed_at: string;
};

/** What caused a step: an event at its instant (occurred or recorded, the caller's basis), or time. */
export type ChangeCause = { eventId: string; at: string } | { eventId: null };

/**
 * The changes that turn one entity's loops `before` into its loops `after`, both derived by
 * deriveLoops (so judged at their own asOf: severity and snooze are already decided). Pure: the
 * projector uses it for loop notifications, and the org-wide time machine for "what changed since".
 *
 * - absent or closed → active: opened / reopened; absent → already closed: opened, then closed;
 * - active → closed, or active → gone (an invoice settled by a payment recorded late but dated
 *   before its due date: the loop the system had shown is withdrawn): closed;
 * - active → active: snoozed (a snooze started or was replaced), woke (it ran out: time) or, when
 *   an event cleared it, reopened (loop_reopened on a snoozed loop); escalated (medium → high).
 * A due date moved later (high → medium) is not a change anyone is told about.
 */
export function diffLoops(before: readonly Loop[], after: readonly Loop[], cause: ChangeCause): LoopChange[] {
  if (before.length === 0 && after.length === 0) return []; // most entities, most events: no loops at all
  const prior = new Map(before.map((l) => [l.id, l]));
  const changes: LoopChange[] = [];
  const add = (kind: LoopChangeKind, loop: Loop, timeAt: string) =>
    changes.push({
      kind,
      loop,
      caused_by_event_id: cause.eventId,
      changed_at: cause.eventId === null ? timeAt : cause.at,
    });

  for (const now of after) {
    const was = prior.get(now.id);
    prior.delete(now.id);
    if (was === now) continue; // the same derived loop (deriveLoops' memo): nothing changed
    const wasActive = was?.status === "active";
    if (now.status === "active") {
      if (!was) add("opened", now, now.opened_at);
      else if (!wasActive) add("reopened", now, now.opened_at);
      else {
        if (now.snoozed_until !== null && now.snoozed_until !== was.snoozed_until) add("snoozed", now, now.opened_at);
        if (now.snoozed_until === null && was.snoozed_until !== null) add(cause.eventId === null ? "woke" : "reopened", now, was.snoozed_until);
      }
      if (was && wasActive && was.severity === "medium" && now.severity === "high") add("escalated", now, now.due_at);
    } else {
      if (!was) add("opened", { ...now, status: "active", closed_by_event_id: null, closed_at: null }, now.opened_at);
      if (!was || wasActive) add("closed", now, now.closed_at ?? now.due_at);
    }
  }
  // Loops that no longer exist at all: only an active one was news to anyone.
  for (const was of prior.values()) {
    if (was.status !== "active") continue;
    const closedAt = cause.eventId === null ? was.due_at : cause.at;
    add("closed", { ...was, status: "resolved", snoozed_until: null, closed_by_event_id: cause.eventId, closed_at: closedAt }, closedAt);
  }
  return changes;
}
