import { pastMoment } from "../../../loop-history/as-of-rows";
import { summarizeLoopsAsOf } from "../../../loop-history/loops-as-of";
import { summarizeLoops } from "../../../loops/list-loops";
import { protectedProcedure } from "../../init";
import { type LoopSummaryOutput, loopSummaryInput } from "./loop-summary.types";

/** Active loops counted by type and severity, snoozed ones (at the server's now, or at asOf) counted apart. */
export const loopSummaryRoute = protectedProcedure
  .input(loopSummaryInput)
  .query(({ ctx, input }): Promise<LoopSummaryOutput> => {
    if (input?.asOf === undefined) return summarizeLoops(ctx.db, ctx.caller.orgId, ctx.clock());
    return summarizeLoopsAsOf(ctx.db, ctx.caller.orgId, { asOf: pastMoment(input.asOf, ctx.clock(), "asOf"), basis: input.basis ?? "occurred" });
  });
