import { byPosition, foldEntity, refOf } from "../entities/fold";
import { initialEntityState } from "../entities/initial-state";
import type { EntityState, LoopRecord } from "../entities/state";
import type { LoggedEvent } from "../events";
import { loopOfRecord } from "../loops/derive";
import { invoiceOverdueRecord } from "../loops/invoice-overdue";
import { MAX_INSTANT_MS, toMs } from "../loops/instants";
import type { Loop } from "../loops/types";
import type { TimeBasis } from "./replay-as-of";

// The org-wide time machine (docs/time-machine.md) answers "as of T" from versions of each
// entity, precomputed here: between two of its event instants (on a basis) an entity's folded
// state is constant, and time alone decides the rest (severity, snooze, an invoice falling due).

export const instantOn = (e: LoggedEvent, basis: TimeBasis): number =>
  Date.parse(basis === "occurred" ? e.occurred_at : e.created_at);

/** The entity's folded state from `from` (inclusive) until `to` (exclusive; null: for ever), on one basis. */
export type EntityVersion = { from: number; to: number | null; state: EntityState };

/**
 * Every state the entity takes on `basis`: one per distinct instant of its events, the fold (in
 * log order) of the events at or before that instant. Entities whose events arrive in instant
 * order (the usual case, and always on 'recorded' but for concurrent writers) fold incrementally;
 * a late one refolds that version from scratch.
 */
export function entityVersions(events: readonly LoggedEvent[], basis: TimeBasis): EntityVersion[] {
  const head = events[0];
  if (!head) return [];
  const ref = refOf(head);
  const sorted = [...events].sort((a, b) => instantOn(a, basis) - instantOn(b, basis) || byPosition(a, b));
  const versions: EntityVersion[] = [];
  const kept: LoggedEvent[] = [];
  let state: EntityState | null = null;
  let maxPosition = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sorted.length; ) {
    const at = instantOn(sorted[i]!, basis);
    const group: LoggedEvent[] = [];
    while (i < sorted.length && instantOn(sorted[i]!, basis) === at) group.push(sorted[i++]!);
    const inOrder: boolean = state !== null && group.every((e) => e.position > maxPosition);
    kept.push(...group);
    state = inOrder && state ? foldEntity(state, group) : foldEntity(initialEntityState(ref.type, ref.id, ref.org_id), kept);
    maxPosition = Math.max(maxPosition, ...group.map((e) => e.position));
    const prev = versions.at(-1);
    if (prev) prev.to = at;
    versions.push({ from: at, to: null, state });
  }
  return versions;
}

/**
 * A loop record of a state, whatever the moment: `visible_from` is the instant before which it
 * does not exist (an invoice_overdue not closed by a command exists only once the invoice is due),
 * null when it exists from the version's start.
 */
export type TimelessLoop = { record: LoopRecord; visible_from: string | null };

export function timelessLoops(state: EntityState): TimelessLoop[] {
  switch (state.entity_type) {
    case "deal":
    case "followup":
      return state.loops.map((record) => ({ record, visible_from: null }));
    case "invoice": {
      // At or after due_at (the last instant there is) the record no longer depends on the moment.
      const record = invoiceOverdueRecord(state, MAX_INSTANT_MS);
      if (!record) return [];
      return [{ record, visible_from: state.overdue_closure ? null : record.due_at }];
    }
    case "client":
      return [];
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

/** The loop a timeless record is at `asOfMs` (as deriveLoops would derive it), or null if it does not exist yet. */
export function loopAt(
  ref: { org_id: string; entity_type: EntityState["entity_type"]; entity_id: string },
  t: TimelessLoop,
  asOfMs: number,
): Loop | null {
  if (t.visible_from !== null && asOfMs < toMs(t.visible_from)) return null;
  return loopOfRecord(ref, t.record, asOfMs);
}

/** The version in force at `asOfMs`, if any. */
export const versionAt = (versions: readonly EntityVersion[], asOfMs: number): EntityVersion | null =>
  versions.find((v) => v.from <= asOfMs && (v.to === null || asOfMs < v.to)) ?? null;

/** The entity's loops at `asOfMs` from its versions: equals replayAsOf(events, asOf, basis).loops. */
export function loopsFromVersions(versions: readonly EntityVersion[], asOfMs: number): Loop[] {
  const v = versionAt(versions, asOfMs);
  if (!v) return [];
  const ref = { org_id: v.state.org_id, entity_type: v.state.entity_type, entity_id: v.state.entity_id };
  return timelessLoops(v.state).flatMap((t) => loopAt(ref, t, asOfMs) ?? []);
}
