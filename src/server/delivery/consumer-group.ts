import type { Redis } from "ioredis";

export const deadLetterStream = (stream: string) => `${stream}:dead`;

/**
 * Creates the group if missing, reading from the stream's first entry ("0"): entries the relay
 * wrote before delivery was first enabled (or before a wiped Redis came back) are delivered too.
 */
export async function ensureGroup(redis: Redis, stream: string, group: string): Promise<void> {
  try {
    await redis.xgroup("CREATE", stream, group, "0", "MKSTREAM");
  } catch (e) {
    if (!String(e).includes("BUSYGROUP")) throw e;
  }
}

export type StreamEntry = { id: string; flat: string[] };

/** New entries for this consumer (never blocks: a pass stays bounded). */
export async function readNew(redis: Redis, stream: string, group: string, consumer: string, count: number): Promise<StreamEntry[]> {
  const reply = (await redis.xreadgroup("GROUP", group, consumer, "COUNT", count, "STREAMS", stream, ">")) as
    | [string, [string, string[]][]][]
    | null;
  return (reply?.[0]?.[1] ?? []).map(([id, flat]) => ({ id, flat }));
}

/** A pending entry: who holds it, for how long, and how often it was delivered (the attempt count). */
export type Pending = { id: string; consumer: string; idleMs: number; deliveries: number };

/** Pending entries idle at least `minIdleMs`, after `start` (exclusive cursor, "-" to begin). */
export async function pendingIdle(
  redis: Redis,
  stream: string,
  group: string,
  minIdleMs: number,
  start: string,
  count: number,
): Promise<Pending[]> {
  const rows = (await redis.call("XPENDING", stream, group, "IDLE", minIdleMs, start, "+", count)) as [string, string, number, number][];
  return rows.map(([id, consumer, idleMs, deliveries]) => ({ id, consumer, idleMs, deliveries }));
}

/**
 * Claims entries idle ≥ minIdleMs for `consumer` (their delivery count goes up by one). The
 * min-idle check is atomic in Redis: two consumers racing for an entry, one wins. Entries trimmed
 * from the stream meanwhile are dropped from the PEL by Redis and not returned.
 */
export async function claim(redis: Redis, stream: string, group: string, consumer: string, minIdleMs: number, ids: string[]): Promise<StreamEntry[]> {
  if (ids.length === 0) return [];
  const reply = (await redis.xclaim(stream, group, consumer, minIdleMs, ...ids)) as ([string, string[]] | null)[];
  return reply.filter((e): e is [string, string[]] => e !== null).map(([id, flat]) => ({ id, flat }));
}

/**
 * Hands entries this consumer fetched but never POSTed (the pass hit its deadline) back to the
 * group as if untouched: idle past the reclaim time and their delivery count restored, so the
 * next pass retries them at once without charging an attempt.
 */
export async function release(
  redis: Redis,
  stream: string,
  group: string,
  consumer: string,
  entries: { id: string; deliveriesBefore: number }[],
  idleMs: number,
): Promise<void> {
  const byCount = new Map<number, string[]>();
  for (const e of entries) byCount.set(e.deliveriesBefore, [...(byCount.get(e.deliveriesBefore) ?? []), e.id]);
  for (const [count, ids] of byCount) {
    await redis.call("XCLAIM", stream, group, consumer, 0, ...ids, "IDLE", idleMs, "RETRYCOUNT", count, "JUSTID");
  }
}

/**
 * Forgets consumers of past processes (named host-pid) that hold nothing and were idle for a day,
 * so the group's consumer list does not grow with every restart. One with pending entries is kept
 * until those are reclaimed; a deleted live consumer would simply be recreated by its next read.
 */
export async function pruneIdleConsumers(redis: Redis, stream: string, group: string, idleMs = 86_400_000): Promise<number> {
  const rows = (await redis.xinfo("CONSUMERS", stream, group)) as (string | number)[][];
  let pruned = 0;
  for (const flat of rows) {
    const info: Record<string, string | number> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) info[String(flat[i])] = flat[i + 1]!;
    if (Number(info.pending) === 0 && Number(info.idle) >= idleMs) {
      await redis.xgroup("DELCONSUMER", stream, group, String(info.name));
      pruned++;
    }
  }
  return pruned;
}
