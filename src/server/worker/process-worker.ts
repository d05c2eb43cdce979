import { getPool } from "../db/pool";
import type { BackoffState } from "./backoff";
import type { WorkerJob } from "./job";
import { buildWorkerJobs, jobStates } from "./jobs";

const globalForWorker = globalThis as unknown as { calmWorkerJobs?: WorkerJob[] };

/**
 * This process's worker jobs, built once (and kept across Next's hot reloads): the in-process
 * scheduler and POST /api/worker/tick run the same jobs, so a Redis that is down is backed off
 * from once, and health reads one state per job.
 */
export function processWorkerJobs(): WorkerJob[] {
  globalForWorker.calmWorkerJobs ??= buildWorkerJobs({ pool: getPool(), clock: () => new Date() });
  return globalForWorker.calmWorkerJobs;
}

/** Their backoff states, for health; empty while this process runs no worker (WORKER_DISABLED, no tick yet). */
export function processJobStates(): Record<string, BackoffState> {
  const jobs = globalForWorker.calmWorkerJobs;
  return jobs ? jobStates(jobs) : {};
}
