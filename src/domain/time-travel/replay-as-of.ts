import { byPosition, entityKey, foldEntity, refOf } from "../entities/fold";
import { initialEntityState } from "../entities/initial-state";
import type { EntityState } from "../entities/state";
import type { LoggedEvent } from "../events";
import { deriveLoops } from "../loops/derive";
import type { Loop } from "../loops/types";

/**
 * 'occurred': the world as we now know it was at T (business time).
 * 'recorded': what the system showed at T (record time; late arrivals excluded).
 */
export type TimeBasis = "occurred" | "recorded";

export type Replay = {
  /** The events kept, in log (position) order. */
  events: LoggedEvent[];
  /** null when nothing about the entity was known as of T. */
  state: EntityState | null;
  loops: Loop[];
};

const instantOf = (e: LoggedEvent, basis: TimeBasis) => Date.parse(basis === "occurred" ? e.occurred_at : e.created_at);

/**
 * Time travel (docs/architecture.md): replays one entity's events as of `asOf` with the
 * projector's own pure functions.
 * Throws if `events` span several entities: time travel is per entity.
 */
export function replayAsOf(events: readonly LoggedEvent[], asOf: Date, basis: TimeBasis): Replay {
  const first = events[0];
  if (first && events.some((e) => entityKey(refOf(e)) !== entityKey(refOf(first)))) {
    throw new Error("replayAsOf takes the events of one entity");
  }
  const kept = events.filter((e) => instantOf(e, basis) <= asOf.getTime()).sort(byPosition);
  const head = kept[0];
  if (!head) return { events: kept, state: null, loops: [] };
  const ref = refOf(head);
  const state = foldEntity(initialEntityState(ref.type, ref.id, ref.org_id), kept);
  return { events: kept, state, loops: deriveLoops(state, asOf) };
}
