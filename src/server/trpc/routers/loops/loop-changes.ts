import { pastMoment } from "../../../loop-history/as-of-rows";
import { loopChanges } from "../../../loop-history/loop-changes";
import { protectedProcedure } from "../../init";
import { type LoopChangesOutput, loopChangesInput } from "./loop-changes.types";

/** What opened, reopened, snoozed, woke, escalated or closed between two moments, each with its cause (null: time), paged. */
export const loopChangesRoute = protectedProcedure
  .input(loopChangesInput)
  .query(({ ctx, input }): Promise<LoopChangesOutput> => {
    const now = ctx.clock();
    const to = input.to === undefined ? now : pastMoment(input.to, now, "to");
    return loopChanges(ctx.db, ctx.caller.orgId, { ...input, from: new Date(input.from), to });
  });
