import { router } from "../../init";
import { dismissLoopRoute } from "./dismiss-loop";
import { loopChangesRoute } from "./loop-changes";
import { listLoopsRoute } from "./list-loops";
import { loopSummaryRoute } from "./loop-summary";
import { reopenLoopRoute } from "./reopen-loop";
import { resolveLoopRoute } from "./resolve-loop";
import { snoozeLoopRoute } from "./snooze-loop";

/** One file per procedure (its input schema and output type beside it in *.types.ts); logic in src/server/loops. */
export const loopsRouter = router({
  list: listLoopsRoute,
  summary: loopSummaryRoute,
  changes: loopChangesRoute,
  dismiss: dismissLoopRoute,
  resolve: resolveLoopRoute,
  snooze: snoozeLoopRoute,
  reopen: reopenLoopRoute,
});
