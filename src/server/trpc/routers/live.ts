import { loopsChanges } from "../../live/loops-changed";
import { protectedProcedure, router } from "../init";

export const liveRouter = router({
  /** Server-sent events: a message whenever the caller's org's open loops changed (refetch on each). */
  loopsChanged: protectedProcedure.subscription(async function* ({ ctx, signal }) {
    // Signals are filed by the database the context's pool uses (the test's own, in tests).
    yield* loopsChanges(ctx.db.options.connectionString ?? "", ctx.caller.orgId, signal, ctx.clock);
  }),
});
