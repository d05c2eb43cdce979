import { type EntityFacts, type EntityState, factsOf } from "~/domain/entities";
import type { Loop } from "~/domain/loops";
import { provenanceEvents, type TimeBasis } from "~/domain/time-travel";
import type { EventRef, MomentView } from "./overview";

type Replayed = { events: readonly (EventRef & { id: string })[]; state: EntityState | EntityFacts | null; loops: Loop[] };

/** A replay (entities.asOf or replayAsOf) reduced to what the page shows: no need to keep every event. */
export function momentView(replay: Replayed, at: number | null, basis: TimeBasis): MomentView {
  const refs: Record<string, EventRef> = {};
  for (const e of provenanceEvents(replay.events, replay.loops)) refs[e.id] = { event_type: e.event_type, occurred_at: e.occurred_at };
  // The state's loop records stay out of the page's data: the loops are given derived.
  return { at, basis, state: replay.state && factsOf(replay.state), loops: replay.loops, refs };
}
