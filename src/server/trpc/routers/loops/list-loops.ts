import { listLoopsAsOf } from "../../../loop-history/loops-as-of";
import { pastMoment } from "../../../loop-history/as-of-rows";
import { listLoops } from "../../../loops/list-loops";
import { protectedProcedure } from "../../init";
import { type ListLoopsOutput, listLoopsInput } from "./list-loops.types";

/**
 * The org's loops of one status (active by default), snoozed ones left out unless asked, ordered
 * by due_at, keyset-paged; with asOf, as they were at that moment on that basis (the time machine).
 */
export const listLoopsRoute = protectedProcedure
  .input(listLoopsInput)
  .query(({ ctx, input }): Promise<ListLoopsOutput> => {
    const { asOf, basis, ...q } = input;
    if (asOf === undefined) return listLoops(ctx.db, ctx.caller.orgId, q, ctx.clock());
    return listLoopsAsOf(ctx.db, ctx.caller.orgId, { ...q, asOf: pastMoment(asOf, ctx.clock(), "asOf"), basis: basis ?? "occurred" });
  });
