import { evolveEntity } from "../entities/evolve";
import type { EntityState } from "../entities/state";
import type { LoggedEvent } from "../events";
import { type LoopChange, diffLoops } from "./changes";
import { type LoopMemo, deriveLoops } from "./derive";
import type { Loop } from "./types";

/** Event types that never touch an entity's loops (evolve.ts): a note, a client's details. */
export const LOOPLESS: ReadonlySet<string> = new Set(["note_added", "client_created", "client_updated"]);

/**
 * Folds an entity's `events` (log order) into `state` and reports each loop change on the way with
 * its own cause, as the live projector sees them at `now`: first, if `timeMayHaveMoved` (its rows
 * `before` were derived before a due date or a snooze's end that `now` has passed), what time
 * alone changed; then what each event changed, at the event's record time (created_at: when the
 * system saw it). One diff of the whole step would pin an event's changes on another, or lose
 * changes undone within the step (snoozed, then reopened). Pure. `loops`: the entity's loops at
 * `now` after the events.
 */
export function foldWithChanges(
  state: EntityState,
  before: readonly Loop[],
  timeMayHaveMoved: boolean,
  events: readonly LoggedEvent[],
  now: Date,
): { state: EntityState; loops: Loop[]; changes: LoopChange[] } {
  const changes: LoopChange[] = [];
  let loops: readonly Loop[] = before;
  const memo: LoopMemo = new Map();
  if (timeMayHaveMoved) {
    const timed = deriveLoops(state, now, memo);
    changes.push(...diffLoops(loops, timed, { eventId: null }));
    loops = timed;
  }
  for (const e of events) {
    const was = state;
    state = evolveEntity(state, e);
    // A redelivery changes nothing; a note or a client's details never touch loops (evolve.ts).
    if (state === was || LOOPLESS.has(e.event_type)) continue;
    const next = deriveLoops(state, now, memo);
    changes.push(...diffLoops(loops, next, { eventId: e.id, at: e.created_at }));
    loops = next;
  }
  // No event touched its loops: derived anyway, as the caller writes what derives (not the rows it read).
  return { state, loops: loops === before && !timeMayHaveMoved ? deriveLoops(state, now, memo) : (loops as Loop[]), changes };
}
