import { searchEntities } from "../../../entities/search-entities";
import { protectedProcedure } from "../../init";
import { type SearchEntitiesOutput, searchEntitiesInput } from "./search-entities.types";

/** The org's entities found by name, invoice number or client email: prefixes first, then parts. */
export const searchEntitiesRoute = protectedProcedure
  .input(searchEntitiesInput)
  .query(({ ctx, input }): Promise<SearchEntitiesOutput> => searchEntities(ctx.db, ctx.caller.orgId, input));
