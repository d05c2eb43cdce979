import { env } from "~/env";
import { getPool } from "../db/pool";
import { getRedis } from "../redis/client";
import { type KeyLimiter, createKeyLimiter } from "./key-rate-limit";

const globalForLimiter = globalThis as unknown as { calmKeyLimiter?: KeyLimiter };

/** This process's per-key limiter (API_KEY_RATE_LIMIT, API_KEY_RATE_BURST), on the shared Redis or Postgres. */
export function processKeyLimiter(): KeyLimiter {
  globalForLimiter.calmKeyLimiter ??= createKeyLimiter(
    { perSecond: env.API_KEY_RATE_LIMIT, burst: Math.max(env.API_KEY_RATE_BURST, env.API_KEY_RATE_LIMIT) },
    { redis: getRedis(), pool: getPool() },
  );
  return globalForLimiter.calmKeyLimiter;
}
