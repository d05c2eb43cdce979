import { z } from "zod";
import { activityPage, type ActivityPage } from "../../activity/activity-page";
import { protectedProcedure, router } from "../init";

/** The feed's page: a screenful, small enough to name its entities and actors in three lookups. */
export const ACTIVITY_PAGE_SIZE = 30;

export const activityListInput = z.object({
  /** A position from the previous page's nextCursor. */
  cursor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish(),
  limit: z.number().int().min(1).max(100).default(ACTIVITY_PAGE_SIZE),
});

export const activityRouter = router({
  /** The org's events newest first, with their entity's and actor's names: the activity feed. */
  list: protectedProcedure.input(activityListInput).query(({ ctx, input }): Promise<ActivityPage> => activityPage(ctx.db, ctx.caller.orgId, input)),
});
