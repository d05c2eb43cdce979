import type { LookupFunction } from "node:net";
import { env } from "~/env";
import type { TargetPolicy } from "./address-policy";
import { envTargetPolicy } from "./target-policy";

/** How messages are sent and retried: today's delivery settings (DELIVERY_*), applied per endpoint. */
export type DeliveryConfig = {
  timeoutMs: number;
  /** After this many failed attempts a message is dead (the endpoint's dead letters). */
  maxAttempts: number;
  /** The first retry's delay, doubling per attempt up to retryMaxMs (delivery/retry-delay.ts). */
  retryBaseMs: number;
  retryMaxMs?: number;
  policy: TargetPolicy;
  /** Tests only: the DNS answers the HTTP client gets. */
  lookup?: LookupFunction;
  /** WEBHOOK_SECRET_KEY unless a test passes its own. */
  secretKey?: string;
};

export const envDeliveryConfig = (): DeliveryConfig => ({
  timeoutMs: env.DELIVERY_TIMEOUT_MS,
  maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
  retryBaseMs: env.DELIVERY_RECLAIM_IDLE_MS,
  policy: envTargetPolicy(),
});

/** A claimed message is leased this long beyond its timeout: past it, another worker may take it (the first one died). */
export const LEASE_MARGIN_MS = 15_000;
