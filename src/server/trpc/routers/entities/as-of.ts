import { entityAsOf } from "../../../entities/as-of";
import { protectedProcedure } from "../../init";
import { type AsOfOutput, asOfInput } from "./as-of.types";

/** The entity's events, folded state and loops as of a moment, on either time basis. */
export const asOfRoute = protectedProcedure
  .input(asOfInput)
  .query(({ ctx, input }): Promise<AsOfOutput> => entityAsOf(ctx.db, ctx.caller.orgId, { ...input, asOf: new Date(input.asOf) }));
