/**
 * How long an entry delivered `deliveries` times must sit idle before the next attempt:
 * reclaimIdle × 2^(deliveries−1), capped. With the defaults (30 s) the eight attempts span about
 * an hour. An entry never delivered (a released one) is due at once.
 */
export function retryDelayMs(deliveries: number, reclaimIdleMs: number, maxMs = 3_600_000): number {
  if (deliveries <= 0) return 0;
  return Math.min(reclaimIdleMs * 2 ** Math.min(deliveries - 1, 30), Math.max(maxMs, reclaimIdleMs));
}
