import { checkHealth } from "../../health";
import { getRedis, redisPing } from "../../redis/client";
import { publicProcedure, router } from "../init";

export const systemRouter = router({
  /** Public, like a load balancer's probe: up/down and counts only. */
  health: publicProcedure.query(({ ctx }) => checkHealth(ctx.db, redisPing(getRedis()), ctx.clock())),
});
