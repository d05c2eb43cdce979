import type pg from "pg";
import { loadCheckpoint } from "../subscriptions/checkpoint";
import { type RunOptions, type RunResult, runSubscriber } from "../subscriptions/run-subscriber";
import type { WorkerJob } from "../worker/job";
import { LOOP_HISTORY_SUBSCRIBER, loopHistorySubscriber } from "./loop-history-subscriber";

/** Moves the time machine's history forward through the log. */
export const runLoopHistory = (pool: pg.Pool, opts: RunOptions = {}): Promise<RunResult> =>
  runSubscriber(pool, loopHistorySubscriber, { batchSize: 1000, ...opts });

/** The worker's job: bounded per pass like the projector's (the next pass continues). */
export function loopHistoryJob(pool: pg.Pool): WorkerJob {
  return {
    name: "loop-history",
    run: () => runLoopHistory(pool, { batchSize: 1000, maxBatches: 50 }),
    position: () => loadCheckpoint(pool, LOOP_HISTORY_SUBSCRIBER),
  };
}
