import type pg from "pg";
import { env } from "~/env";
import { getPool } from "../db/pool";
import { getRedis, redisPing } from "../redis/client";
import { horizonHealth } from "../subscriptions/horizon";
import type { BackoffState } from "../worker/backoff";
import { processJobStates } from "../worker/process-worker";
import { type Health, checkHealth } from "./check-health";
import { streamsHealth } from "./streams-health";

export type SystemHealthOptions = {
  /** Default: the app's pool. */
  db?: pg.Pool;
  now?: Date;
  /** The worker jobs' backoff states; default: this process's worker (worker/process-worker.ts). */
  jobs?: Record<string, BackoffState>;
};

/**
 * The one health report (in full for the operator: `system.healthReport`, `GET /api/health` with
 * the worker secret or a session; as words for anyone: public-health.ts): the database, Redis,
 * the projector's lag, the oldest transaction, what holds the subscriptions' horizon back
 * (subscriptions/horizon.ts), and the relay's and delivery's figures for the configured stream
 * and group, on the app's shared Redis client. Nothing of any org's data.
 */
export function systemHealth(opts: SystemHealthOptions = {}): Promise<Health> {
  const db = opts.db ?? getPool();
  const now = opts.now ?? new Date();
  const redis = getRedis(); // null without REDIS_URL
  const streams = { stream: env.REDIS_STREAM, group: env.N8N_WEBHOOK_URL ? env.DELIVERY_GROUP : null };
  const jobs = opts.jobs ?? processJobStates();
  return checkHealth(db, redisPing(redis), now, [() => streamsHealth(db, redis, streams, now, jobs), () => horizonHealth(db)]);
}
