import { checkHealth } from "../../health";
import { getRedis, redisPing } from "../../redis/client";
import { streamsHealthExtra } from "../../relay/health";
import { publicProcedure, router } from "../init";

export const systemRouter = router({
  /** Public, like a load balancer's probe: up/down and counts only. */
  health: publicProcedure.query(({ ctx }) => {
    const now = ctx.clock();
    return checkHealth(ctx.db, redisPing(getRedis()), now, [streamsHealthExtra(ctx.db, now)]);
  }),
});
