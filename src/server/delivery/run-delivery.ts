import type { Redis } from "ioredis";
import { fieldsToRecord } from "../relay/stream-fields";
import { claim, ensureGroup, pendingIdle, pruneIdleConsumers, readNew, release, type StreamEntry } from "./consumer-group";
import { buryEntry } from "./dead-letter";
import { entryBody } from "./entry-body";
import { postEntry, type WebhookTarget } from "./post-entry";
import { retryDelayMs } from "./retry-delay";

export type DeliveryOptions = WebhookTarget & {
  stream: string;
  group: string;
  consumer: string;
  /** After this many failed attempts an entry goes to `${stream}:dead`. */
  maxAttempts: number;
  /** An entry idle this long is not in flight anywhere (must exceed timeoutMs); also the first retry delay. */
  reclaimIdleMs: number;
  retryMaxMs?: number;
  batchSize?: number;
  /** Parallel POSTs; entries of one entity always share a lane, so they go out in stream order. */
  concurrency?: number;
  /** The pass stops fetching after this long and hands unsent entries back (bounded passes). */
  maxMs?: number;
  deadMaxLen?: number;
  now?: () => number;
};

export type DeliveryResult = { delivered: number; failed: number; deadLettered: number; reclaimed: number; caughtUp: boolean; lastError?: string };

type Work = StreamEntry & { deliveriesBefore: number };

/** Consecutive failures within a pass after which the endpoint is taken to be down until the next pass. */
const FAILURE_STREAK_STOP = 3;
const RECLAIM_PAGES = 10;

/**
 * One bounded delivery pass of the consumer group: first retries and entries stuck with a dead
 * consumer, then new entries. At-least-once: XACK only after an acknowledging answer (a 2xx with
 * the event-id echo, or any 2xx with ack "status": ack.ts), so a crash between the POST and the
 * XACK re-sends (n8n dedupes on X-Calm-Event-Id).
 *
 * Retries use the PEL's own delivery count as the attempt number. Claiming goes through
 * XPENDING (IDLE) + XCLAIM rather than XAUTOCLAIM: XAUTOCLAIM claims everything past one idle
 * time, whereas each entry here waits its own exponential delay (retryDelayMs of its count);
 * XCLAIM's min-idle makes the claim race-free exactly as XAUTOCLAIM's does.
 */
export async function runDelivery(redis: Redis, o: DeliveryOptions): Promise<DeliveryResult> {
  if (o.reclaimIdleMs <= o.timeoutMs) throw new Error("reclaimIdleMs must exceed timeoutMs, or a slow POST gets delivered twice");
  const now = o.now ?? Date.now;
  const deadline = now() + (o.maxMs ?? 5000);
  const batchSize = o.batchSize ?? 100;
  const lanes = o.concurrency ?? 8;
  const res: DeliveryResult = { delivered: 0, failed: 0, deadLettered: 0, reclaimed: 0, caughtUp: false };
  let streak = 0;
  const stopped = () => streak >= FAILURE_STREAK_STOP || now() >= deadline;

  const deliverOne = async (w: Work): Promise<void> => {
    const attempt = w.deliveriesBefore + 1;
    const fields = fieldsToRecord(w.flat);
    if ((fields.kind ?? "event") !== "event") {
      // The firehose carries the log's events only; loop notifications (kind=loop) reach the
      // per-org webhooks that subscribe to them (docs/webhooks.md). Acknowledged, not posted.
      await redis.xack(o.stream, o.group, w.id);
      return;
    }
    let body: string;
    try {
      body = entryBody(w.id, fields);
    } catch (e) {
      await bury(w, `malformed entry: ${String(e)}`, attempt);
      return;
    }
    if (attempt > o.maxAttempts) {
      await bury(w, `claimed ${attempt} times without an outcome (consumers died mid-delivery)`, attempt - 1);
      return;
    }
    const out = await postEntry(o, body, fields.event_id ?? w.id, attempt, now());
    if (out.ok) {
      streak = 0;
      await redis.xack(o.stream, o.group, w.id);
      res.delivered++;
      return;
    }
    streak++;
    res.failed++;
    res.lastError = out.error;
    // Otherwise it stays pending (its idle time grows) until its retry delay has passed.
    if (attempt >= o.maxAttempts) await bury(w, out.error, attempt);
  };
  const bury = async (w: Work, error: string, attempts: number) => {
    if (await buryEntry(redis, o.stream, o.deadMaxLen ?? 100_000, { id: w.id, flat: w.flat, error, attempts, group: o.group, at: new Date(now()) })) {
      res.deadLettered++;
    }
  };

  /** Lanes by entity; an unsent remainder (deadline or a failing endpoint) goes back to the group. */
  const deliverAll = async (work: Work[]) => {
    const byLane: Work[][] = Array.from({ length: lanes }, () => []);
    for (const w of work) byLane[laneOf(fieldsToRecord(w.flat).entity_id ?? w.id, lanes)]!.push(w);
    const unsent: Work[] = [];
    await Promise.all(
      byLane.map(async (lane) => {
        for (let i = 0; i < lane.length; i++) {
          if (stopped()) {
            unsent.push(...lane.slice(i));
            return;
          }
          await deliverOne(lane[i]!);
        }
      }),
    );
    await release(redis, o.stream, o.group, o.consumer, unsent, o.reclaimIdleMs);
  };

  await ensureGroup(redis, o.stream, o.group);

  // 1. Due retries, and entries a dead consumer left behind.
  let cursor = "-";
  for (let page = 0; page < RECLAIM_PAGES && !stopped(); page++) {
    const rows = await pendingIdle(redis, o.stream, o.group, o.reclaimIdleMs, cursor, batchSize);
    const due = rows.filter((p) => p.idleMs >= retryDelayMs(p.deliveries, o.reclaimIdleMs, o.retryMaxMs));
    const byCount = new Map<number, string[]>();
    for (const p of due) byCount.set(p.deliveries, [...(byCount.get(p.deliveries) ?? []), p.id]);
    const work: Work[] = [];
    for (const [count, ids] of byCount) {
      const minIdle = Math.max(o.reclaimIdleMs, retryDelayMs(count, o.reclaimIdleMs, o.retryMaxMs));
      const got = await claim(redis, o.stream, o.group, o.consumer, minIdle, ids);
      work.push(...got.map((e) => ({ ...e, deliveriesBefore: count })));
    }
    res.reclaimed += work.length;
    await deliverAll(work.sort((a, b) => compareIds(a.id, b.id)));
    if (rows.length < batchSize) break;
    cursor = `(${rows.at(-1)!.id}`;
  }

  // 2. New entries, until caught up or out of time.
  while (!stopped()) {
    const fresh = await readNew(redis, o.stream, o.group, o.consumer, batchSize);
    if (fresh.length === 0) {
      res.caughtUp = true;
      await pruneIdleConsumers(redis, o.stream, o.group);
      break;
    }
    await deliverAll(fresh.map((e) => ({ ...e, deliveriesBefore: 0 })));
  }
  return res;
}

function laneOf(key: string, lanes: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % lanes;
}

/** Stream ids "ms-seq" in numeric order. */
function compareIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number) as [number, number];
  const [bm, bs] = b.split("-").map(Number) as [number, number];
  return am - bm || as - bs;
}
