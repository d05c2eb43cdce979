import type { Redis } from "ioredis";
import type pg from "pg";
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterLike } from "rate-limiter-flexible";

/** Requests per second one key may make, sustained, and how many in a burst (API_KEY_RATE_LIMIT, API_KEY_RATE_BURST). */
export type KeyRateLimit = { perSecond: number; burst: number };

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };
export type KeyLimiter = (keyId: string) => Promise<RateDecision>;

/** A request refused for its key's rate: the transports answer 429 with Retry-After. */
export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests with this API key; retry after ${retryAfterSeconds} s`);
    this.name = "RateLimited";
  }
}

/** Where the burst allowance refills: BURST_WINDOW_S seconds (rate-limiter-flexible's BurstyRateLimiter). */
const BURST_WINDOW_S = 10;

/**
 * Per-key limits shared by every instance, with rate-limiter-flexible: `perSecond` requests in each
 * second, plus up to `burst − perSecond` more drawn from a burst allowance that refills every
 * BURST_WINDOW_S (so a client may send `burst` at once, then `perSecond` sustained). Counted in
 * Redis when there is one (a command of ~0.1 ms), else in Postgres (the api_key_rate_limits
 * table, one upsert per request: the store sign-in throttling uses); while the store is out of
 * reach, each process counts alone in memory rather than refusing or waving everything through.
 */
export function createKeyLimiter(
  limit: KeyRateLimit,
  store: { redis?: Redis | null; pool?: pg.Pool },
  /** Tests only: stretches every window (a second becomes `timeScale` seconds), so a count cannot reset mid-test. */
  timeScale = 1,
): KeyLimiter {
  if (limit.perSecond <= 0) return async () => ({ ok: true });
  const extra = Math.max(0, limit.burst - limit.perSecond);
  const make = (prefix: string, points: number, duration: number): RateLimiterLike => {
    const insuranceLimiter = new RateLimiterMemory({ keyPrefix: prefix, points, duration });
    if (store.redis) return new RateLimiterRedis({ storeClient: store.redis, keyPrefix: `calm:rl:${prefix}`, points, duration, insuranceLimiter, rejectIfRedisNotReady: true });
    if (store.pool) {
      return new RateLimiterPostgres({ storeClient: store.pool, tableName: "api_key_rate_limits", tableCreated: true, keyPrefix: prefix, points, duration, insuranceLimiter });
    }
    return insuranceLimiter;
  };
  const rate = make("key", limit.perSecond, timeScale);
  const limiter = extra > 0 ? new BurstyRateLimiter(rate, make("key-burst", extra, BURST_WINDOW_S * timeScale)) : rate;
  return async (keyId) => {
    try {
      await limiter.consume(keyId);
      return { ok: true };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    }
  };
}
