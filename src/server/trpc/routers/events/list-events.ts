import { orgActivity } from "../../../events/read";
import { protectedProcedure } from "../../init";
import { type ListEventsOutput, listEventsInput } from "./list-events.types";

/** The org's events, newest first, paged by position. */
export const listEventsRoute = protectedProcedure
  .input(listEventsInput)
  .query(({ ctx, input }): Promise<ListEventsOutput> => orgActivity(ctx.db, ctx.caller.orgId, input));
