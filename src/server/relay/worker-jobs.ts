import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type pg from "pg";
import { env } from "~/env";
import { runDelivery } from "../delivery/run-delivery";
import type { WorkerJob } from "../worker/jobs";
import { type BackoffJob, type BackoffState, withBackoff } from "./backoff";
import { runRelay } from "./run-relay";
import { createStreamsRedis } from "./streams-redis";

const globalForStreams = globalThis as unknown as { calmStreamsRedis?: Redis; calmStreamJobs?: Record<string, BackoffState> };

/** This process's relay/delivery job states (for health); empty where no worker runs in-process. */
export const streamJobStates = (): Record<string, BackoffState> => globalForStreams.calmStreamJobs ?? {};

/** Bounded per pass: at most 20 batches of up to 5,000 events (and ~8 MiB), a few seconds of delivery. */
const RELAY_BATCH = 5000;
const RELAY_MAX_BATCHES = 20;
const DELIVERY_MAX_MS = 4000;

/**
 * The worker's Redis jobs: "relay" when REDIS_URL is set, "delivery" when N8N_WEBHOOK_URL is set
 * too. Each backs off while it keeps failing, so a Redis that is down is not hammered.
 */
export function streamJobs(pool: pg.Pool): WorkerJob[] {
  if (!env.REDIS_URL) return [];
  const redis = (globalForStreams.calmStreamsRedis ??= createStreamsRedis(env.REDIS_URL));
  const jobs: BackoffJob[] = [
    withBackoff("relay", async () => {
      const run = await runRelay(pool, redis, { stream: env.REDIS_STREAM, maxLen: env.REDIS_STREAM_MAXLEN, batchSize: RELAY_BATCH, maxBatches: RELAY_MAX_BATCHES });
      if (run.resumedFromPostgres !== undefined) {
        process.stderr.write(
          `[relay] Redis held no relay checkpoint (a new or wiped Redis): resumed after position ${run.resumedFromPostgres} from the Postgres copy. ` +
            "Entries the lost stream had not yet delivered can be re-published with npm run relay:replay -- --from-position N\n",
        );
      }
      return run;
    }),
  ];
  const url = env.N8N_WEBHOOK_URL;
  if (url) {
    const secret = env.N8N_WEBHOOK_SECRET;
    jobs.push(
      withBackoff("delivery", async () => {
        if (!secret) throw new Error("N8N_WEBHOOK_SECRET is required to sign deliveries to N8N_WEBHOOK_URL");
        return runDelivery(redis, {
          stream: env.REDIS_STREAM,
          group: env.DELIVERY_GROUP,
          consumer: `${hostname()}-${process.pid}`,
          url,
          secret,
          timeoutMs: env.DELIVERY_TIMEOUT_MS,
          reclaimIdleMs: env.DELIVERY_RECLAIM_IDLE_MS,
          maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
          maxMs: DELIVERY_MAX_MS,
        });
      }),
    );
  }
  globalForStreams.calmStreamJobs = Object.fromEntries(jobs.map((j) => [j.name, j.state]));
  return jobs;
}
