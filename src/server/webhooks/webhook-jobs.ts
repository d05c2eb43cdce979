import type { Redis } from "ioredis";
import type pg from "pg";
import type { WorkerJob } from "../worker/job";
import { envDeliveryConfig } from "./delivery-config";
import { deliveryPass } from "./delivery-pass";
import { dispatchPass } from "./dispatch";

/** The worker's webhook dispatcher: the Redis stream's new entries into per-endpoint messages (needs REDIS_URL). */
export function webhookDispatchJob(pool: pg.Pool, redis: Redis, cfg: { stream: string }): WorkerJob {
  return { name: "webhook-dispatch", run: () => dispatchPass(pool, redis, { stream: cfg.stream }) };
}

/** The worker's webhook delivery: one bounded pass over the endpoints with due messages (Postgres only). */
export function webhookDeliveryJob(pool: pg.Pool, clock: () => Date): WorkerJob {
  return { name: "webhook-delivery", run: () => deliveryPass(pool, { ...envDeliveryConfig(), now: clock }) };
}
