import { commandActor } from "../../../auth/acting-as";
import { closeLoopAndProject } from "../../../loops/close-loop";
import { loopCommandProcedure } from "../../init";
import { type ResolveLoopOutput, resolveLoopInput } from "./resolve-loop.types";

/** Appends loop_resolved for an active loop (CONFLICT otherwise, NOT_FOUND outside the org). */
export const resolveLoopRoute = loopCommandProcedure
  .input(resolveLoopInput)
  .mutation(({ ctx, input }): Promise<ResolveLoopOutput> =>
    closeLoopAndProject(ctx, { orgId: ctx.caller.orgId, actor: commandActor(ctx.caller) }, { loopId: input.loopId, kind: "resolve", text: input.note }),
  );
