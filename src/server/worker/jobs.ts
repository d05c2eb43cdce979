import type pg from "pg";
import { env } from "~/env";
import { deliveryJob } from "../delivery/delivery-job";
import { loopHistoryJob } from "../loop-history/loop-history-job";
import { projectorJob } from "../projector/projector-job";
import { loopRelayJob, relayJob } from "../relay/relay-job";
import { getStreamsRedis } from "../relay/streams-redis";
import { webhookDeliveryJob, webhookDispatchJob } from "../webhooks/webhook-jobs";
import { type BackoffJob, type BackoffState, withBackoff } from "./backoff";
import type { WorkerJob } from "./job";

export type WorkerDeps = { pool: pg.Pool; clock: () => Date };

/**
 * The jobs a worker pass runs: the open-loops projector (catch-up + time tick), then the Redis
 * Streams relay, the webhook dispatcher (both when REDIS_URL is set) and per-org webhook delivery,
 * and the operator firehose to n8n (when N8N_WEBHOOK_URL is set too). The jobs after the projector
 * back off while they keep failing, so a Redis that is down is not hammered.
 */
export function buildWorkerJobs(deps: WorkerDeps): WorkerJob[] {
  // The time machine's history (loops.list/summary/changes with asOf) follows the log on its own checkpoint.
  const jobs: WorkerJob[] = [projectorJob(deps.pool, deps.clock), loopHistoryJob(deps.pool)];
  // Per-org webhooks: messages already made are delivered from Postgres, Redis or not.
  const webhookDelivery = backingOff(webhookDeliveryJob(deps.pool, deps.clock));
  if (!env.REDIS_URL) return [...jobs, webhookDelivery];
  const redis = getStreamsRedis(env.REDIS_URL);
  jobs.push(backingOff(relayJob(deps.pool, redis, { stream: env.REDIS_STREAM, maxLen: env.REDIS_STREAM_MAXLEN })));
  // Loop notifications (loop_changes, written by the projector) to the same stream, kind=loop.
  jobs.push(backingOff(loopRelayJob(deps.pool, redis, { stream: env.REDIS_STREAM, maxLen: env.REDIS_STREAM_MAXLEN })));
  jobs.push(backingOff(webhookDispatchJob(deps.pool, redis, { stream: env.REDIS_STREAM })), webhookDelivery);
  if (env.N8N_WEBHOOK_URL) {
    jobs.push(
      backingOff(
        deliveryJob(redis, {
          stream: env.REDIS_STREAM,
          group: env.DELIVERY_GROUP,
          url: env.N8N_WEBHOOK_URL,
          secret: env.N8N_WEBHOOK_SECRET,
          timeoutMs: env.DELIVERY_TIMEOUT_MS,
          reclaimIdleMs: env.DELIVERY_RECLAIM_IDLE_MS,
          maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
          ack: env.DELIVERY_ACK,
        }),
      ),
    );
  }
  return jobs;
}

const backingOff = (job: WorkerJob): BackoffJob => ({ ...withBackoff(job.name, job.run), position: job.position });
const isBackingOff = (job: WorkerJob): job is BackoffJob => "state" in job;

/** The backoff state of each job that has one, by name: what health shows of the jobs. */
export function jobStates(jobs: WorkerJob[]): Record<string, BackoffState> {
  return Object.fromEntries(jobs.filter(isBackingOff).map((j) => [j.name, j.state]));
}
