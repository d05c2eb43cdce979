import { z } from "zod";
import { uuid } from "~/domain/events";
import { LOOP_STATUSES, LOOP_TYPES, SEVERITIES } from "~/domain/loops";
import { appendSignal } from "../../events/append-signal";
import { closeLoop } from "../../loops/close-loop";
import { listLoops, summarizeLoops } from "../../loops/list-loops";
import { runProjector } from "../../projector/open-loops-projector";
import { protectedProcedure, router } from "../init";
import type { Context } from "../context";
import type { Caller } from "../../auth/credentials";

export const listLoopsInput = z.object({
  status: z.enum(LOOP_STATUSES).default("active"),
  type: z.enum(LOOP_TYPES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export const dismissLoopInput = z.object({ loopId: uuid, reason: z.string().trim().max(2000).optional() });
export const resolveLoopInput = z.object({ loopId: uuid, note: z.string().trim().max(2000).optional() });

/** With an API key the command is the machine's; with a session, the signed-in user's. */
const actorOf = (caller: Caller) =>
  caller.kind === "session" ? caller.actor : { id: caller.keyId, type: "system" as const };

/** How long a command may wait for its event to be projected (bounded: it is only a courtesy). */
const READ_YOUR_WRITES_MS = 1000;

/**
 * Read-your-writes: project the command before answering so the next list shows it. Another run
 * may hold the projector (skipped), or a transaction elsewhere may hide the new event for a moment
 * (behind): then try again briefly.
 */
async function projectNow(ctx: Context, orgId: string) {
  const until = performance.now() + READ_YOUR_WRITES_MS;
  for (;;) {
    const run = await runProjector(ctx.db, ctx.clock, { maxBatches: 5 }).catch(() => null);
    if (!run || !(run.skipped || run.behind) || performance.now() > until) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  appendSignal.emit(orgId);
}

export const loopsRouter = router({
  list: protectedProcedure.input(listLoopsInput).query(({ ctx, input }) => listLoops(ctx.db, ctx.caller.orgId, input)),
  summary: protectedProcedure.query(({ ctx }) => summarizeLoops(ctx.db, ctx.caller.orgId)),
  dismiss: protectedProcedure.input(dismissLoopInput).mutation(async ({ ctx, input }) => {
    const event = await closeLoop(ctx.db, { orgId: ctx.caller.orgId, actor: actorOf(ctx.caller) },
      { loopId: input.loopId, kind: "dismiss", text: input.reason || undefined }, ctx.clock());
    await projectNow(ctx, ctx.caller.orgId);
    return { event };
  }),
  resolve: protectedProcedure.input(resolveLoopInput).mutation(async ({ ctx, input }) => {
    const event = await closeLoop(ctx.db, { orgId: ctx.caller.orgId, actor: actorOf(ctx.caller) },
      { loopId: input.loopId, kind: "resolve", text: input.note || undefined }, ctx.clock());
    await projectNow(ctx, ctx.caller.orgId);
    return { event };
  }),
});
