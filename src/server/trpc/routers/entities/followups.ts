import { followupsAbout } from "../../../entities/followups-about";
import { protectedProcedure } from "../../init";
import { type FollowupsOutput, followupsInput } from "./followups.types";

/** Follow-ups scheduled about the entity, newest first (the org's own only; none is an empty list). */
export const followupsRoute = protectedProcedure
  .input(followupsInput)
  .query(({ ctx, input }): Promise<FollowupsOutput> => followupsAbout(ctx.db, ctx.caller.orgId, input));
