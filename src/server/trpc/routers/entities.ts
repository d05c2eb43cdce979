import { z } from "zod";
import { entityType, uuid } from "~/domain/events";
import { entityTimeline } from "../../events/read";
import { protectedProcedure, router } from "../init";

export const timelineInput = z.object({
  type: entityType,
  id: uuid,
  cursor: z.number().int().nullish(),
  limit: z.number().int().min(1).max(500).default(50),
});

export const entitiesRouter = router({
  timeline: protectedProcedure
    .input(timelineInput)
    .query(({ ctx, input }) => entityTimeline(ctx.db, ctx.caller.orgId, input)),
});
