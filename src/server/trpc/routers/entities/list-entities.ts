import { listEntities } from "../../../entities/list-entities";
import { protectedProcedure } from "../../init";
import { type ListEntitiesOutput, listEntitiesInput } from "./list-entities.types";

/** The directory: the org's entities (of one type, or all) by recent activity, newest first, keyset-paged. */
export const listEntitiesRoute = protectedProcedure
  .input(listEntitiesInput)
  .query(({ ctx, input }): Promise<ListEntitiesOutput> => listEntities(ctx.db, ctx.caller.orgId, input));
