import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { WorkerJob } from "../worker/job";
import { runDelivery } from "./run-delivery";

/** Bounded per pass: a few seconds of delivery. */
const MAX_MS = 4000;

export type DeliveryJobConfig = {
  stream: string;
  group: string;
  url: string;
  /** Required: checked when the job runs, so a missing secret fails the pass with its name. */
  secret: string | undefined;
  timeoutMs: number;
  reclaimIdleMs: number;
  maxAttempts: number;
};

/** The worker's delivery job: one bounded pass of the consumer group to the n8n webhook, as this process's consumer. */
export function deliveryJob(redis: Redis, cfg: DeliveryJobConfig): WorkerJob {
  return {
    name: "delivery",
    run: async () => {
      const secret = cfg.secret;
      if (!secret) throw new Error("N8N_WEBHOOK_SECRET is required to sign deliveries to N8N_WEBHOOK_URL");
      return runDelivery(redis, {
        stream: cfg.stream,
        group: cfg.group,
        consumer: `${hostname()}-${process.pid}`,
        url: cfg.url,
        secret,
        timeoutMs: cfg.timeoutMs,
        reclaimIdleMs: cfg.reclaimIdleMs,
        maxAttempts: cfg.maxAttempts,
        maxMs: MAX_MS,
      });
    },
  };
}
