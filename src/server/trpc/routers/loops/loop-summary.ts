import { summarizeLoops } from "../../../loops/list-loops";
import { protectedProcedure } from "../../init";

/** Active loops counted by type and severity, snoozed ones (at the server's now) counted apart. */
export const loopSummaryRoute = protectedProcedure.query(({ ctx }) => summarizeLoops(ctx.db, ctx.caller.orgId, ctx.clock()));
