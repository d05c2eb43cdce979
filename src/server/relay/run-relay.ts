import type { Redis } from "ioredis";
import type pg from "pg";
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from "../subscriptions/checkpoint";
import { type Batch, readBatch } from "../subscriptions/read-batch";
import { lockKeyOf } from "../subscriptions/run-subscriber";
import { appendBatch } from "./append-batch";
import { readRedisCheckpoint, relaySubscriberId } from "./redis-checkpoint";

export type RelayOptions = {
  stream: string;
  maxLen: number;
  /** Most events per batch (default 1000); see nextBatchSize. */
  batchSize?: number;
  /** About how many bytes of entries one batch holds at most (default 8 MiB). */
  batchBytes?: number;
  maxBatches?: number;
  onBatch?: (processed: number) => void;
  /** Split a batch into several append scripts above this much JSON (default 256 KiB). */
  maxScriptBytes?: number;
  /** Tests only: runs right after Redis accepted a batch, before anything else (a crash there must be harmless). */
  afterAppend?: (batch: Batch) => void | Promise<void>;
};

export type RelayResult = {
  skipped: boolean;
  processed: number;
  batches: number;
  caughtUp: boolean;
  /** Set when Redis held no checkpoint and the relay resumed from its Postgres copy (a new or wiped Redis). */
  resumedFromPostgres?: number;
};

/** Distinct from the projector's key: the relay and the projector run side by side. */
export const relayLockKey = (stream: string) => lockKeyOf(relaySubscriberId(stream));

export class RelayConflict extends Error {}

/**
 * The Redis Streams relay: a subscriber of the same mechanism as the projector (readBatch, one
 * transaction-scoped advisory lock per batch, (tx_id, position) checkpoints), whose effect lives in
 * Redis. Its checkpoint therefore lives in Redis too, moved by the same atomic script as the
 * entries (append-batch.ts): every event reaches the stream exactly once, wherever the relay dies.
 * A Postgres copy is written after each batch, one batch behind at worst; it only serves health's
 * lag and a Redis that lost everything (no checkpoint key): the relay then resumes from that copy
 * instead of republishing the whole log into the new stream.
 */
export async function runRelay(pool: pg.Pool, redis: Redis, opts: RelayOptions): Promise<RelayResult> {
  const maxBatches = opts.maxBatches ?? Number.POSITIVE_INFINITY;
  const result: RelayResult = { skipped: false, processed: 0, batches: 0, caughtUp: false };
  // A run starts small, before it knows how large its entries are (see nextBatchSize).
  const run: RunState = { known: undefined, ahead: null, size: Math.min(opts.batchSize ?? 1000, FIRST_BATCH) };
  while (result.batches < maxBatches) {
    const client = await pool.connect();
    let step: { n: number; full: boolean } | null;
    try {
      await client.query("BEGIN");
      step = await relayOneBatch(client, redis, opts, result.batches + 1 < maxBatches, run, result);
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release(e instanceof Error ? e : true);
      throw e;
    }
    client.release();
    if (step === null) return { ...result, skipped: result.batches === 0 };
    result.batches++;
    result.processed += step.n;
    opts.onBatch?.(result.processed);
    if (!step.full) return { ...result, caughtUp: true };
  }
  return result;
}

/**
 * What one run carries from batch to batch: the Redis checkpoint as its own last append left it
 * (read from Redis at the run's start; the append script re-checks it atomically anyway), the
 * next batch, read from Postgres while Redis was taking the previous one, and the batch size.
 */
type RunState = {
  known: Checkpoint | null | undefined;
  ahead: { from: Checkpoint; size: number; batch: Promise<Batch> } | null;
  size: number;
};

/** null: another relay holds the lock. */
async function relayOneBatch(
  client: pg.PoolClient,
  redis: Redis,
  opts: RelayOptions,
  mayReadAhead: boolean,
  run: RunState,
  result: RelayResult,
): Promise<{ n: number; full: boolean } | null> {
  const lock = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok", [
    relayLockKey(opts.stream),
  ]);
  if (!lock.rows[0]?.ok) return null;
  const subscriberId = relaySubscriberId(opts.stream);
  const inRedis = run.known !== undefined ? run.known : await readRedisCheckpoint(redis, opts.stream);
  let from: Checkpoint;
  if (inRedis) from = inRedis;
  else {
    from = await loadCheckpoint(client, subscriberId);
    if (from.position > 0) result.resumedFromPostgres = from.position;
  }
  const ahead = run.ahead;
  run.ahead = null;
  const size = ahead && sameCheckpoint(ahead.from, from) ? ahead.size : run.size;
  const batch = ahead && sameCheckpoint(ahead.from, from) ? await ahead.batch : await readBatch(client, from, size);
  if (batch.last === null) return { n: 0, full: false };

  run.known = undefined; // unknown until the append below is confirmed
  const appended = appendBatch(redis, opts.stream, inRedis, batch, opts.maxLen, opts.maxScriptBytes);
  // Rows below the horizon now stay below it, in order: reading the next batch while Redis takes
  // this one is safe, and the next append's compare step still guards its starting point.
  if (mayReadAhead && batch.events.length === size) {
    run.ahead = { from: batch.last, size: run.size, batch: readBatch(client, batch.last, run.size) };
    run.ahead.batch.catch(() => undefined); // its failure surfaces when it is used
  }
  const out = await appended;
  if (!out.ok) {
    // Someone moved the checkpoint since we read it (only possible without our lock): nothing was
    // appended; the next run starts from what Redis holds.
    throw new RelayConflict(`relay checkpoint moved under us (found position ${out.found?.position ?? "none"}); nothing appended`);
  }
  run.known = batch.last;
  run.size = nextBatchSize(opts, batch.events.length, out.bytes);
  await opts.afterAppend?.(batch);
  await saveCheckpoint(client, subscriberId, batch.last);
  return { n: batch.events.length, full: batch.events.length === size };
}

const FIRST_BATCH = 500;

/**
 * Batches hold up to batchSize events but about batchBytes of entries at most: large batches of
 * small events amortize the round trips, while a run of 64 KiB payloads does not load hundreds
 * of megabytes at once (a run's first batches hold at most FIRST_BATCH events: 32 MiB at worst).
 */
function nextBatchSize(opts: RelayOptions, events: number, bytes: number): number {
  const max = opts.batchSize ?? 1000;
  const perEvent = Math.max(1, bytes / Math.max(1, events));
  return Math.max(1, Math.min(max, Math.floor((opts.batchBytes ?? 8 * 1024 * 1024) / perEvent)));
}

const sameCheckpoint = (a: Checkpoint, b: Checkpoint) => a.txId === b.txId && a.position === b.position;
