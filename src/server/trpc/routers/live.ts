import { loopsChanges } from "../../live/loops-changed";
import { loopsListenerFor } from "../../live/loops-listener";
import { protectedProcedure, router } from "../init";

export const liveRouter = router({
  /** Server-sent events: a message whenever the caller's org's open loops changed (refetch on each). */
  loopsChanged: protectedProcedure.subscription(async function* ({ ctx, signal }) {
    // The listener connects to the database the context's pool uses (the test's own, in tests).
    const listener = loopsListenerFor(ctx.db.options.connectionString ?? "");
    yield* loopsChanges(listener, ctx.caller.orgId, signal, ctx.clock);
  }),
});
