import { z } from "zod";
import { systemEventInput } from "~/domain/events";
import { appendEvents } from "../../events/append";
import { appendSignal } from "../../events/append-signal";
import { orgActivity } from "../../events/read";
import { protectedProcedure, router } from "../init";

// entity_version is a Postgres integer: a larger expectation could never match, and must not reach the database.
const expectedVersion = z.number().int().min(0).max(2_147_483_647).optional();

/** The catalog's union with expectedVersion on each member: z.intersection parses ~4× slower. */
export const appendInput = z.discriminatedUnion(
  "event_type",
  systemEventInput.options.map((o) => o.extend({ expectedVersion })) as unknown as [
    (typeof systemEventInput.options)[number],
    ...(typeof systemEventInput.options)[number][],
  ],
) as unknown as z.ZodType<z.infer<typeof systemEventInput> & { expectedVersion?: number }>;
export const appendBatchInput = z.object({
  events: z.array(appendInput).min(1, "must hold at least one event").max(1000, "must hold at most 1,000 events"),
});

const appenderOf = (caller: { orgId: string; kind: string; actor?: { id: string; type: "user" | "system" | "client" } }) => ({
  orgId: caller.orgId,
  sessionActor: caller.kind === "session" ? caller.actor : undefined,
});

export const listEventsInput = z.object({
  cursor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const eventsRouter = router({
  /** The org's activity feed, newest first. */
  list: protectedProcedure.input(listEventsInput).query(({ ctx, input }) => orgActivity(ctx.db, ctx.caller.orgId, input)),
  append: protectedProcedure.input(appendInput).mutation(async ({ ctx, input }) => {
    const [r] = await appendEvents(ctx.db, appenderOf(ctx.caller), [input]);
    if (!r!.duplicate) appendSignal.emit(ctx.caller.orgId);
    return { event: r!.event, position: r!.event.position, duplicate: r!.duplicate };
  }),
  appendBatch: protectedProcedure.input(appendBatchInput).mutation(async ({ ctx, input }) => {
    const results = await appendEvents(ctx.db, appenderOf(ctx.caller), input.events, ["events"]);
    if (results.some((r) => !r.duplicate)) appendSignal.emit(ctx.caller.orgId);
    return {
      items: results.map((r) => ({ event: r.event, position: r.event.position, duplicate: r.duplicate })),
      appended: results.filter((r) => !r.duplicate).length,
      duplicates: results.filter((r) => r.duplicate).length,
    };
  }),
});
