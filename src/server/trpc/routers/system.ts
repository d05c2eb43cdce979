import { systemHealth } from "../../health/system-health";
import { publicProcedure, router } from "../init";

export const systemRouter = router({
  /** Public, like a load balancer's probe: up/down and counts only. */
  health: publicProcedure.query(({ ctx }) => systemHealth({ db: ctx.db, now: ctx.clock() })),
});
