import { Redis } from "ioredis";

/**
 * The relay's and delivery's own connection. Unlike the app's shared client it times commands out
 * (a frozen Redis must fail the pass, not hang it with a Postgres transaction open) and never
 * replays a command after a reconnect (the relay's append is a compare-and-set anyway).
 */
export function createStreamsRedis(url: string, commandTimeoutMs = 5000): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
  });
  redis.on("error", () => undefined); // reconnects on its own; the pass reports the failure
  redis.connect().catch(() => undefined);
  return redis;
}

const globalForStreams = globalThis as unknown as { calmStreamsRedis?: Redis };

/** This process's streams connection, made on first use and shared by the relay and delivery jobs. */
export function getStreamsRedis(url: string): Redis {
  globalForStreams.calmStreamsRedis ??= createStreamsRedis(url);
  return globalForStreams.calmStreamsRedis;
}

/** Resolves once the client is connected (tests and scripts; the worker just lets a pass fail). */
export async function whenReady(redis: Redis, timeoutMs = 10_000): Promise<Redis> {
  if (redis.status === "ready") return redis;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}
