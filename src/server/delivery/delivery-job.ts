import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { processOrigin } from "../signals/process-signals";
import type { WorkerJob } from "../worker/job";
import type { DeliveryAck } from "./ack";
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
  /** DELIVERY_ACK: what answer counts as delivered. */
  ack: DeliveryAck;
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
        // Unique per process, also where containers repeat host names and pids (issue 9).
        consumer: `${hostname()}-${process.pid}-${processOrigin().slice(0, 8)}`,
        url: cfg.url,
        secret,
        timeoutMs: cfg.timeoutMs,
        reclaimIdleMs: cfg.reclaimIdleMs,
        maxAttempts: cfg.maxAttempts,
        ack: cfg.ack,
        maxMs: MAX_MS,
      });
    },
  };
}
