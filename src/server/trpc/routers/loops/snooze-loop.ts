import { commandActor } from "../../../auth/acting-as";
import { snoozeLoopAndProject } from "../../../loops/snooze-loop";
import { loopCommandProcedure } from "../../init";
import { type SnoozeLoopOutput, snoozeLoopInput } from "./snooze-loop.types";

/** Appends loop_snoozed for an active loop (CONFLICT otherwise, NOT_FOUND outside the org). */
export const snoozeLoopRoute = loopCommandProcedure
  .input(snoozeLoopInput)
  .mutation(({ ctx, input }): Promise<SnoozeLoopOutput> =>
    snoozeLoopAndProject(ctx, { orgId: ctx.caller.orgId, actor: commandActor(ctx.caller) }, input),
  );
