import { commandActor } from "../../../auth/acting-as";
import { reopenLoopAndProject } from "../../../loops/reopen-loop";
import { loopCommandProcedure } from "../../init";
import { type ReopenLoopOutput, reopenLoopInput } from "./reopen-loop.types";

/** Appends loop_reopened to undo a dismiss, resolve or snooze (CONFLICT when it cannot, NOT_FOUND outside the org). */
export const reopenLoopRoute = loopCommandProcedure
  .input(reopenLoopInput)
  .mutation(({ ctx, input }): Promise<ReopenLoopOutput> =>
    reopenLoopAndProject(ctx, { orgId: ctx.caller.orgId, actor: commandActor(ctx.caller) }, input),
  );
