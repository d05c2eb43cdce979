import { z } from "zod";
import { entityType, isoInstant, uuid } from "~/domain/events";
import { replayAsOf } from "~/domain/time-travel";
import { notFound } from "../../errors";
import { entityEvents, entityTimeline } from "../../events/read";
import { protectedProcedure, router } from "../init";

export const timelineInput = z.object({
  type: entityType,
  id: uuid,
  /** An entity_version (int4 in the database): out-of-range values are bad input, not a 500. */
  cursor: z.number().int().min(1).max(2_147_483_647).nullish(),
  limit: z.number().int().min(1).max(500).default(50),
});

export const asOfInput = z.object({
  type: entityType,
  id: uuid,
  asOf: isoInstant,
  basis: z.enum(["occurred", "recorded"]).default("occurred"),
  /** "provenance": only the events that opened or closed a loop — scrubbing a long history stays light. */
  events: z.enum(["all", "provenance"]).default("all"),
});

export const entitiesRouter = router({
  timeline: protectedProcedure
    .input(timelineInput)
    .query(({ ctx, input }) => entityTimeline(ctx.db, ctx.caller.orgId, input)),
  /** SPEC §6: the entity's events, folded state and loops as of a moment, by the projector's own functions. */
  asOf: protectedProcedure.input(asOfInput).query(async ({ ctx, input }) => {
    const events = await entityEvents(ctx.db, ctx.caller.orgId, input.type, input.id);
    if (events.length === 0) throw notFound(`no ${input.type} ${input.id}`);
    const replay = replayAsOf(events, new Date(input.asOf), input.basis);
    const named = new Set(replay.loops.flatMap((l) => [l.opened_by_event_id, l.closed_by_event_id]));
    return {
      ...replay,
      events: input.events === "all" ? replay.events : replay.events.filter((e) => named.has(e.id)),
      eventsUpToAsOf: replay.events.length,
      asOf: new Date(input.asOf).toISOString(),
      basis: input.basis,
      totalEvents: events.length,
    };
  }),
});
