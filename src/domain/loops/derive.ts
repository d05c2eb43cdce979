import type { EntityState, LoopRecord } from "../entities/state";
import { invoiceOverdueRecord } from "./invoice-overdue";
import { toMs } from "./instants";
import { snoozeRunsAt } from "./snooze-filter";
import { SUGGESTED_ACTIONS, type Loop, type Severity } from "./types";

/**
 * High once asOf ≥ due_at; a closed loop keeps the severity it had when it closed (its closing
 * event's occurred_at against due_at); invoice_overdue is always high.
 */
export function severityOf(r: LoopRecord, asOfMs: number): Severity {
  if (r.type === "invoice_overdue") return "high";
  const at = r.status === "active" || r.closed_at === null ? asOfMs : toMs(r.closed_at);
  return at >= toMs(r.due_at) ? "high" : "medium";
}

function recordsOf(state: EntityState, asOfMs: number): LoopRecord[] {
  switch (state.entity_type) {
    case "deal":
    case "followup":
      return state.loops;
    case "invoice": {
      const overdue = invoiceOverdueRecord(state, asOfMs);
      return overdue ? [overdue] : [];
    }
    case "client":
      return [];
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

/**
 * A record's loop at one asOf, per record object: a fold derives after each event, and a record an
 * event did not touch keeps its object (loop-records.ts), so its loop is built once. Only for one
 * entity and one asOf.
 */
export type LoopMemo = Map<LoopRecord, Loop>;

/** Every loop of the entity at `asOf`, active and closed (closed loops are history). */
export function deriveLoops(state: EntityState, asOf: Date, memo?: LoopMemo): Loop[] {
  const asOfMs = asOf.getTime();
  const records = recordsOf(state, asOfMs);
  if (!memo) return records.map((r) => loopOfRecord(state, r, asOfMs));
  return records.map((r) => {
    let loop = memo.get(r);
    if (!loop) memo.set(r, (loop = loopOfRecord(state, r, asOfMs)));
    return loop;
  });
}

/** A loop record as the loop it is at `asOfMs`: severity by its due date, a snooze only while it runs. */
export function loopOfRecord(
  ref: { org_id: string; entity_type: EntityState["entity_type"]; entity_id: string },
  r: LoopRecord,
  asOfMs: number,
): Loop {
  return {
    id: r.id,
    org_id: ref.org_id,
    type: r.type,
    entity_type: ref.entity_type,
    entity_id: ref.entity_id,
    due_at: r.due_at,
    severity: severityOf(r, asOfMs),
    suggested_action: SUGGESTED_ACTIONS[r.type],
    status: r.status,
    opened_by_event_id: r.opened_by_event_id,
    closed_by_event_id: r.closed_by_event_id,
    opened_at: r.opened_at,
    closed_at: r.closed_at,
    reason: r.reason,
    note: r.note,
    // Only while active and asOf < until: at until it is back by itself, like a due date passing.
    snoozed_until: r.status === "active" && snoozeRunsAt(r.snoozed_until, asOfMs) ? r.snoozed_until : null,
    reopened_by_event_id: r.reopened_by_event_id,
  };
}

export function findLoop(state: EntityState, loopId: string, asOf: Date): Loop | null {
  return deriveLoops(state, asOf).find((l) => l.id === loopId) ?? null;
}

/** Active at `asOf`, snoozed or not. */
export function isLoopActive(state: EntityState, loopId: string, asOf: Date): boolean {
  return findLoop(state, loopId, asOf)?.status === "active";
}
