import type pg from "pg";
import { runProjector } from "../projector/open-loops-projector";
import { streamJobs } from "../relay/worker-jobs";

/** One unit of background work; a pass runs each job once, independently. */
export type WorkerJob = { name: string; run: () => Promise<unknown> };

export type WorkerDeps = { pool: pg.Pool; clock: () => Date };

/** Bounded so that one pass never holds the process for long; the next pass continues. */
const MAX_BATCHES_PER_PASS = 50;

/**
 * The jobs a worker pass runs: the open-loops projector (catch-up + time tick), then the Redis
 * Streams relay (when REDIS_URL is set) and n8n delivery (when N8N_WEBHOOK_URL is set too).
 */
export function buildWorkerJobs(deps: WorkerDeps): WorkerJob[] {
  return [
    {
      name: "projector",
      run: () => runProjector(deps.pool, deps.clock, { batchSize: 1000, maxBatches: MAX_BATCHES_PER_PASS }),
    },
    ...streamJobs(deps.pool),
  ];
}
