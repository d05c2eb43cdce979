import type pg from "pg";
import { loadCheckpoint } from "../subscriptions/checkpoint";
import type { WorkerJob } from "../worker/job";
import { runProjector } from "./open-loops-projector";
import { LIVE } from "./tables";

/** Bounded so that one pass never holds the process for long; the next pass continues. */
const BATCH = 1000;
const MAX_BATCHES_PER_PASS = 50;

/** The worker's projector job: catch-up and time tick, at most 50 batches of 1,000 events a pass. */
export function projectorJob(pool: pg.Pool, clock: () => Date): WorkerJob {
  return {
    name: "projector",
    run: () => runProjector(pool, clock, { batchSize: BATCH, maxBatches: MAX_BATCHES_PER_PASS }),
    position: () => loadCheckpoint(pool, LIVE.subscriberId),
  };
}
