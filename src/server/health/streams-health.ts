import type { Redis } from "ioredis";
import type pg from "pg";
import { deadLetterStream } from "../delivery/consumer-group";
import { relaySubscriberId } from "../relay/redis-checkpoint";
import { subscriberLags } from "../subscriptions/lag";
import type { BackoffState } from "../worker/backoff";

export type StreamsConfig = { stream: string; group: string | null };

const REDIS_PROBE_MS = 2000;

/**
 * The relay's and delivery's health: lags and counts only (the probe is public). The relay's lag
 * comes from its Postgres checkpoint copy, so it is known while Redis is down; the stream and
 * consumer-group figures are null then.
 */
export async function streamsHealth(
  pool: pg.Pool,
  redis: Redis | null,
  cfg: StreamsConfig,
  now: Date,
  jobs: Record<string, BackoffState> = {},
): Promise<{ relay: Record<string, unknown>; delivery: Record<string, unknown> }> {
  if (!redis) return { relay: { configured: false }, delivery: { configured: false, status: "off" } };
  const [lag] = await subscriberLags(pool, [relaySubscriberId(cfg.stream)], now).catch(() => [null]);
  const streamLength = await timed(redis.xlen(cfg.stream));
  const relay = {
    configured: true,
    stream: cfg.stream,
    lagEvents: lag?.lagEvents ?? null,
    lagSeconds: lag?.lagSeconds ?? null,
    checkpointPosition: lag?.checkpointPosition ?? null,
    streamLength,
    ...jobFigures(jobs.relay, now),
  };
  if (!cfg.group) return { relay, delivery: { configured: false, status: "off" } };

  const [groupInfo, deadLetters, retrying] = await Promise.all([
    timed(groupFigures(redis, cfg.stream, cfg.group)),
    timed(redis.xlen(deadLetterStream(cfg.stream))),
    timed(anyRetrying(redis, cfg.stream, cfg.group)),
  ]);
  const job = jobs.delivery;
  const status = groupInfo === null ? "unavailable" : job?.failures || retrying ? "retrying" : "ok";
  return {
    relay,
    delivery: { configured: true, group: cfg.group, status, ...(groupInfo ?? { pending: null, undelivered: null }), deadLetters, ...jobFigures(job, now) },
  };
}

/** Pending (delivered to a consumer, not acknowledged) and undelivered (not yet read by the group). */
async function groupFigures(redis: Redis, stream: string, group: string): Promise<{ pending: number; undelivered: number | null }> {
  const groups = (await redis.xinfo("GROUPS", stream).catch(() => [])) as (string | number | null)[][];
  for (const flat of groups) {
    const info: Record<string, string | number | null> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) info[String(flat[i])] = flat[i + 1] ?? null;
    if (info.name === group) return { pending: Number(info.pending), undelivered: info.lag === null ? null : Number(info.lag) };
  }
  return { pending: 0, undelivered: await redis.xlen(stream) };
}

/** Whether any of the oldest pending entries has failed at least once (delivered more than once). */
async function anyRetrying(redis: Redis, stream: string, group: string): Promise<boolean> {
  const rows = (await redis.call("XPENDING", stream, group, "-", "+", 100).catch(() => [])) as [string, string, number, number][];
  return rows.some((r) => r[3] > 1);
}

function jobFigures(state: BackoffState | undefined, now: Date): Record<string, unknown> {
  if (!state || (!state.failures && !state.lastOkAt)) return {};
  return {
    failingPasses: state.failures,
    lastError: state.lastError,
    retryInSeconds: state.retryAt > now.getTime() ? Math.ceil((state.retryAt - now.getTime()) / 1000) : 0,
  };
}

/** A Redis figure, or null when Redis does not answer in time (down or frozen). */
async function timed<T>(p: Promise<T>): Promise<T | null> {
  p.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REDIS_PROBE_MS)));
  try {
    return await Promise.race([p.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
