import { summarizeLoops } from "../../../loops/list-loops";
import { protectedProcedure } from "../../init";

/** Active loops counted by type and severity. */
export const loopSummaryRoute = protectedProcedure.query(({ ctx }) => summarizeLoops(ctx.db, ctx.caller.orgId));
