import { byPosition, foldEntity, refOf } from "../entities/fold";
import { initialEntityState } from "../entities/initial-state";
import { nextChangeAt } from "../entities/next-change";
import type { EntityState } from "../entities/state";
import type { LoggedEvent } from "../events";
import { diffLoops, type LoopChange } from "../loops/changes";
import { deriveLoops } from "../loops/derive";
import type { Loop } from "../loops/types";
import { instantOn } from "./loop-history";
import type { TimeBasis } from "./replay-as-of";

const loopsAt = (state: EntityState | null, atMs: number): Loop[] => (state ? deriveLoops(state, new Date(atMs)) : []);

/** The event a change names itself (the loop's opening, closing or reopening event), if it is one of `group`. */
function namedCause(c: LoopChange, group: readonly LoggedEvent[]): string | null {
  const ids = new Set(group.map((e) => e.id));
  const named =
    c.kind === "opened" ? c.loop.opened_by_event_id
    : c.kind === "closed" ? c.loop.closed_by_event_id
    : c.kind === "reopened" ? c.loop.reopened_by_event_id
    : c.kind === "snoozed" ? ([...group].reverse().find((e) => e.event_type === "loop_snoozed" && e.payload.loop_id === c.loop.id)?.id ?? null)
    : null;
  return named !== null && ids.has(named) ? named : null;
}

/**
 * One entity's loop changes whose moment lies in (fromMs, toMs] on `basis`: at each instant where
 * its derived loops can change (an event's instant on the basis, or one where time alone moves
 * them: nextChangeAt), diffLoops between the loops just before and at that instant: the diff of
 * consecutive moments, so what two events at one instant do and undo (an invoice issued and paid
 * in one batch) is no change. Each change names its cause: the event it names itself (opening,
 * closing, reopening, snoozing) among those at the instant; null when time alone would have made
 * it; else the instant's last event. `changed_at` is the instant.
 */
export function loopChangesBetween(events: readonly LoggedEvent[], fromMs: number, toMs: number, basis: TimeBasis): LoopChange[] {
  const head = events[0];
  if (!head || toMs <= fromMs) return [];
  const ref = refOf(head);
  const fresh = () => initialEntityState(ref.type, ref.id, ref.org_id);
  const kept = events.filter((e) => instantOn(e, basis) <= fromMs).sort(byPosition);
  const pending = events
    .filter((e) => instantOn(e, basis) > fromMs && instantOn(e, basis) <= toMs)
    .sort((a, b) => instantOn(a, basis) - instantOn(b, basis) || byPosition(a, b));
  let state: EntityState | null = kept.length ? foldEntity(fresh(), kept) : null;
  let maxPosition = kept.reduce((m, e) => Math.max(m, e.position), Number.NEGATIVE_INFINITY);
  let cur = fromMs;
  let i = 0;
  const changes: LoopChange[] = [];
  for (;;) {
    const eventAt = i < pending.length ? instantOn(pending[i]!, basis) : null;
    const timeAt = state ? (nextChangeAt(state, new Date(cur))?.getTime() ?? null) : null;
    const at = Math.min(eventAt ?? Number.POSITIVE_INFINITY, timeAt !== null && timeAt <= toMs ? timeAt : Number.POSITIVE_INFINITY);
    if (!Number.isFinite(at)) return changes;
    const group: LoggedEvent[] = [];
    while (i < pending.length && instantOn(pending[i]!, basis) === at) group.push(pending[i++]!);
    const before = loopsAt(state, at - 1);
    const byTime = diffLoops(before, loopsAt(state, at), { eventId: null });
    if (group.length > 0) {
      const inOrder = state !== null && group.every((e) => e.position > maxPosition);
      kept.push(...group);
      state = inOrder && state ? foldEntity(state, group) : foldEntity(fresh(), kept);
      maxPosition = Math.max(maxPosition, ...group.map((e) => e.position));
    }
    const iso = new Date(at).toISOString();
    const last = group.at(-1);
    const merged = last ? diffLoops(before, loopsAt(state, at), { eventId: last.id, at: iso }) : byTime;
    for (const c of merged) {
      const named = namedCause(c, group);
      const timeMade = byTime.find((t) => t.loop.id === c.loop.id && (t.kind === c.kind || (t.kind === "woke" && c.kind === "reopened")));
      if (named !== null || !timeMade) changes.push({ ...c, caused_by_event_id: named ?? c.caused_by_event_id, changed_at: iso });
      else changes.push({ ...c, kind: timeMade.kind, caused_by_event_id: null, changed_at: iso });
    }
    cur = at;
  }
}
