import { listLoops } from "../../../loops/list-loops";
import { protectedProcedure } from "../../init";
import { type ListLoopsOutput, listLoopsInput } from "./list-loops.types";

/** The org's loops of one status (active by default), snoozed ones left out unless asked, ordered by due_at, keyset-paged. */
export const listLoopsRoute = protectedProcedure
  .input(listLoopsInput)
  .query(({ ctx, input }): Promise<ListLoopsOutput> => listLoops(ctx.db, ctx.caller.orgId, input, ctx.clock()));
