import { commandActor } from "../../../auth/acting-as";
import { closeLoopAndProject } from "../../../loops/close-loop";
import { loopCommandProcedure } from "../../init";
import { type DismissLoopOutput, dismissLoopInput } from "./dismiss-loop.types";

/** Appends loop_dismissed for an active loop (CONFLICT otherwise, NOT_FOUND outside the org). */
export const dismissLoopRoute = loopCommandProcedure
  .input(dismissLoopInput)
  .mutation(({ ctx, input }): Promise<DismissLoopOutput> =>
    closeLoopAndProject(ctx, { orgId: ctx.caller.orgId, actor: commandActor(ctx.caller) }, { loopId: input.loopId, kind: "dismiss", text: input.reason }),
  );
