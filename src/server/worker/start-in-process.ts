import { env } from "~/env";
import { getPool } from "../db/pool";
import { databaseKey } from "../signals/publish";
import { processWorkerJobs } from "./process-worker";
import { type Scheduler, startScheduler } from "./scheduler";
import { wakeOnAppends } from "./wake";

const globalForWorker = globalThis as unknown as { calmScheduler?: Scheduler };

/**
 * Started once per server process from Next's instrumentation hook (node runtime only): passes on
 * every append of any process or instance (worker/wake.ts), every WORKER_INTERVAL_SECONDS, and one
 * now for what was appended while no worker ran.
 */
export function startInProcessWorker(): Scheduler | null {
  if (env.WORKER_DISABLED === "1") return null;
  if (!globalForWorker.calmScheduler) {
    globalForWorker.calmScheduler = startScheduler(processWorkerJobs(), {
      intervalSeconds: env.WORKER_INTERVAL_SECONDS,
      log: (m) => console.error(m),
      wake: wakeOnAppends(databaseKey(getPool())),
    });
    void globalForWorker.calmScheduler.runNow();
  }
  return globalForWorker.calmScheduler;
}
