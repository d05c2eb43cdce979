import { z } from "zod";
import { activityPage, type ActivityPage } from "../../activity/activity-page";
import { protectedProcedure, router } from "../init";

/** The feed's page: a screenful, small enough to name its entities and actors in three lookups. */
export const ACTIVITY_PAGE_SIZE = 30;

export const activityListInput = z.object({
  /** The previous page's nextCursor, as it came. */
  cursor: z.string().max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(ACTIVITY_PAGE_SIZE),
});

export const activityRouter = router({
  /** The org's events by when they happened, newest first, with their entity's and actor's names: the activity feed. */
  list: protectedProcedure.input(activityListInput).query(({ ctx, input }): Promise<ActivityPage> => activityPage(ctx.db, ctx.caller.orgId, input)),
});
