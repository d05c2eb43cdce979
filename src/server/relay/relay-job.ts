import type { Redis } from "ioredis";
import type pg from "pg";
import { START } from "../subscriptions/checkpoint";
import type { WorkerJob } from "../worker/job";
import { readRedisCheckpoint } from "./redis-checkpoint";
import { runLoopRelay, runRelay } from "./run-relay";

/** Bounded per pass: at most 20 batches of up to 5,000 events (and ~8 MiB each). */
const BATCH = 5000;
const MAX_BATCHES = 20;

export type RelayJobConfig = { stream: string; maxLen: number };

/** The worker's relay job: one bounded relay run per pass, saying so when it had to resume from Postgres. */
export function relayJob(pool: pg.Pool, redis: Redis, cfg: RelayJobConfig, log = (m: string) => process.stderr.write(`${m}\n`)): WorkerJob {
  return {
    name: "relay",
    run: async () => {
      const run = await runRelay(pool, redis, { stream: cfg.stream, maxLen: cfg.maxLen, batchSize: BATCH, maxBatches: MAX_BATCHES });
      if (run.resumedFromPostgres !== undefined) {
        log(
          `[relay] Redis held no relay checkpoint (a new or wiped Redis): resumed after position ${run.resumedFromPostgres} from the Postgres copy. ` +
            "Entries the lost stream had not yet delivered can be re-published with npm run relay:replay -- --from-position N",
        );
      }
      return run;
    },
    // Redis holds the relay's checkpoint (its Postgres copy may trail by a batch).
    position: async () => (await readRedisCheckpoint(redis, cfg.stream)) ?? START,
  };
}

/**
 * The worker's loop relay job: the loop notifications the projector and its tick recorded
 * (loop_changes), appended to the same stream as kind=loop entries; bounded per pass like the relay.
 */
export function loopRelayJob(pool: pg.Pool, redis: Redis, cfg: RelayJobConfig): WorkerJob {
  return {
    name: "loop-relay",
    run: () => runLoopRelay(pool, redis, { stream: cfg.stream, maxLen: cfg.maxLen, batchSize: BATCH, maxBatches: MAX_BATCHES }),
    // No `position`: it follows loop_changes, not the log, so "caught up to the log" does not apply.
  };
}
