import { env } from "~/env";
import { processWorkerJobs } from "./process-worker";
import { type Scheduler, startScheduler } from "./scheduler";

const globalForWorker = globalThis as unknown as { calmScheduler?: Scheduler };

/** Started once per server process from Next's instrumentation hook (node runtime only). */
export function startInProcessWorker(): Scheduler | null {
  if (env.WORKER_DISABLED === "1") return null;
  globalForWorker.calmScheduler ??= startScheduler(processWorkerJobs(), {
    intervalSeconds: env.WORKER_INTERVAL_SECONDS,
    log: (m) => console.error(m),
  });
  return globalForWorker.calmScheduler;
}
