import { TRPCError } from "@trpc/server";
import type { Health } from "../../health/check-health";
import { type PublicHealth, publicHealth } from "../../health/public-health";
import { systemHealth } from "../../health/system-health";
import { protectedProcedure, publicProcedure, router } from "../init";

export const systemRouter = router({
  /** Public, like a load balancer's probe: one status word per part (public-health.ts). */
  health: publicProcedure.query(async ({ ctx }): Promise<PublicHealth> => publicHealth(await systemHealth({ db: ctx.db, now: ctx.clock() }))),
  /** The full report (lags, positions, errors) for a signed-in user: the dashboard's status line. */
  healthReport: protectedProcedure.meta({ sessionOnly: true }).query(({ ctx }): Promise<Health> => {
    if (ctx.caller.kind !== "session") throw new TRPCError({ code: "FORBIDDEN", message: "the full health report needs a signed-in session or the worker secret (GET /api/health)" });
    return systemHealth({ db: ctx.db, now: ctx.clock() });
  }),
});
