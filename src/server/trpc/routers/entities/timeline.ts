import { entityTimeline } from "../../../events/read";
import { protectedProcedure } from "../../init";
import { type TimelineOutput, timelineInput } from "./timeline.types";

/** An entity's events newest first, paged by entity_version; NOT_FOUND outside the org. */
export const timelineRoute = protectedProcedure
  .input(timelineInput)
  .query(({ ctx, input }): Promise<TimelineOutput> => entityTimeline(ctx.db, ctx.caller.orgId, input));
