import type pg from "pg";
import { factsOf } from "~/domain/entities";
import type { EntityType } from "~/domain/events";
import { provenanceEvents, replayAsOf, type TimeBasis } from "~/domain/time-travel";
import { AppError } from "../errors";
import { entityEventsAsOf } from "../events/read";

export type AsOfQuery = {
  type: EntityType;
  id: string;
  asOf: Date;
  basis: TimeBasis;
  /** "provenance": only the events that opened or closed a loop — scrubbing a long history stays light. */
  events: "all" | "provenance";
};

/**
 * Time travel: an entity's events, folded state (its facts) and loops as of a moment, by the projector's own
 * pure functions. NOT_FOUND for an entity without events in the org (another org's included).
 */
export async function entityAsOf(db: pg.Pool, orgId: string, q: AsOfQuery) {
  // Only the events known at the moment are read: replayAsOf keeps exactly those.
  const { events, total } = await entityEventsAsOf(db, orgId, q);
  if (total === 0) throw new AppError("entity_not_found", `no ${q.type} ${q.id}`);
  const replay = replayAsOf(events, q.asOf, q.basis);
  return {
    ...replay,
    // The loop records are in `loops`, derived at the moment; in the state too they were a fifth of
    // a long deal's answer.
    state: replay.state && factsOf(replay.state),
    events: q.events === "all" ? replay.events : provenanceEvents(replay.events, replay.loops),
    eventsUpToAsOf: replay.events.length,
    asOf: q.asOf.toISOString(),
    basis: q.basis,
    totalEvents: total,
  };
}
