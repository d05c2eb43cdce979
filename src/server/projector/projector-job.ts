import type pg from "pg";
import { loadCheckpoint } from "../subscriptions/checkpoint";
import type { WorkerJob } from "../worker/job";
import { BATCH_SIZES, type BatchSizes, nextBatchSize, payloadMeter } from "./batch-size";
import { type ProjectorPass, runProjector } from "./open-loops-projector";
import { LIVE } from "./tables";

/**
 * Batches a pass takes at least: the last of a pass is not overlapped with a read-ahead (the next
 * pass reads again), and with 5 large batches a pass a fifth of them were not (bench:projector,
 * two runs measured alike: ~12% fewer events/s than with 10).
 */
const MIN_BATCHES_PER_PASS = 10;

/**
 * The worker's projector job: catch-up and time tick. Batches of `sizes.small` events while it
 * keeps up; after a pass that ended behind, batches of up to `sizes.large` (batch-size.ts), until
 * a pass catches up. A pass of large batches takes `sizes.passEvents` events or 10 batches,
 * whichever is more; a pass of small ones 10 batches, so that a backlog is found after 10 small
 * batches: before, bench:projector's first 50,000 events (5% of its log) went in batches of 1,000.
 * The next pass continues.
 */
export function projectorJob(pool: pg.Pool, clock: () => Date, sizes: BatchSizes = BATCH_SIZES): WorkerJob {
  const payloads = payloadMeter();
  let size = sizes.small;
  return {
    name: "projector",
    run: async (): Promise<ProjectorPass> => {
      payloads.reset();
      const pass = await runProjector(pool, clock, {
        batchSize: size,
        maxBatches: size === sizes.small ? MIN_BATCHES_PER_PASS : Math.max(MIN_BATCHES_PER_PASS, Math.ceil(sizes.passEvents / size)),
        source: payloads.source,
      });
      // Another instance's pass held the lock: this one learnt nothing about the backlog.
      if (!pass.skipped) size = nextBatchSize(sizes, pass.caughtUp, payloads.perEvent());
      return pass;
    },
    position: () => loadCheckpoint(pool, LIVE.subscriberId),
  };
}
