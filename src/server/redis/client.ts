import { Redis } from "ioredis";
import { env } from "~/env";

const globalForRedis = globalThis as unknown as { calmRedis?: Redis | null };

export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    // Fail fast while Redis is down: Postgres is the system of record, callers retry later.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
  });
  redis.on("error", () => undefined); // reconnects on its own; health reports the outage
  redis.connect().catch(() => undefined);
  return redis;
}

/** The shared client, or null when REDIS_URL is not configured (the relay then stays off). */
export function getRedis(): Redis | null {
  if (globalForRedis.calmRedis === undefined) {
    globalForRedis.calmRedis = env.REDIS_URL ? createRedis(env.REDIS_URL) : null;
  }
  return globalForRedis.calmRedis;
}

export function redisPing(redis: Redis | null): (() => Promise<void>) | null {
  return redis ? async () => void (await redis.ping()) : null;
}
