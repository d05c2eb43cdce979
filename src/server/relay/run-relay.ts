import type { Redis } from "ioredis";
import type pg from "pg";
import { lockKeyOf } from "../subscriptions/lock";
import type { Batch, Source } from "../subscriptions/read-batch";
import { type RunResult, runSubscriber } from "../subscriptions/run-subscriber";
import { type AppendTarget, encodeEntries } from "./append-batch";
import { loopRelayCheckpointKey, loopRelaySubscriberId, relayCheckpointKey, relaySubscriberId } from "./redis-checkpoint";
import { redisCheckpointStore } from "./redis-checkpoint-store";
import { EVENT_ENTRY_COLUMNS, EVENT_ROW_ENTRIES, type EventEntryRow, LOOP_ENTRIES, type LoopChangeRow } from "./stream-fields";

export type RelayOptions = {
  stream: string;
  maxLen: number;
  /** Most events per batch (default 1000); see nextBatchSize. */
  batchSize?: number;
  /** About how many bytes of entries one batch holds at most (default 8 MiB). */
  batchBytes?: number;
  maxBatches?: number;
  onBatch?: (processed: number) => void;
  /** Split a batch into several append scripts above this many bytes of entries (default 256 KiB). */
  maxScriptBytes?: number;
  /** Tests only: runs right after Redis accepted a batch, before anything else (a crash there must be harmless). */
  afterAppend?: (batch: Batch<unknown>) => void | Promise<void>;
};

export type RelayResult = RunResult & {
  /** Set when Redis held no checkpoint and the relay resumed from its Postgres copy (a new or wiped Redis). */
  resumedFromPostgres?: number;
};

/** Distinct from the projector's key: the relay and the projector run side by side. */
export const relayLockKey = (stream: string) => lockKeyOf(relaySubscriberId(stream));

/**
 * The Redis Streams relay: a subscriber run by the same runner as the projector (readBatch, one
 * transaction-scoped advisory lock per batch, (tx_id, position) checkpoints, the read-ahead),
 * whose effect lives in Redis, and so does its checkpoint (redis-checkpoint-store.ts): every event
 * reaches the stream exactly once, wherever the relay dies.
 */
export function runRelay(pool: pg.Pool, redis: Redis, opts: RelayOptions): Promise<RelayResult> {
  const target: AppendTarget<EventEntryRow> = { stream: opts.stream, checkpointKey: relayCheckpointKey(opts.stream), format: EVENT_ROW_ENTRIES };
  return runStreamRelay(pool, redis, opts, { id: relaySubscriberId(opts.stream), source: EVENT_ENTRIES_SOURCE, target });
}

/** The log as the event relay reads it: only the columns of its entries (stream-fields.ts), not whole events. */
export const EVENT_ENTRIES_SOURCE: Source<EventEntryRow> = {
  table: "system_events",
  columns: EVENT_ENTRY_COLUMNS,
  toRow: (r: EventEntryRow) => r,
};

/** The loop_changes outbox (projector/loop-changes-outbox.ts), read as the log is. */
export const LOOP_CHANGES: Source<LoopChangeRow> = {
  table: "loop_changes",
  columns:
    "id, loop_id, org_id, loop_type, change, status, severity, due_at, entity_type, entity_id, suggested_action, caused_by_event_id, changed_at, position",
  toRow: (r: LoopChangeRow) => r,
};

/**
 * The loop relay: the loop notifications the projector and the tick recorded in loop_changes,
 * appended to the same stream as kind=loop entries by the same mechanism as the event relay
 * (its own checkpoint in Redis, moved by the append script; its own lock): each exactly once,
 * wherever it dies. Entries of the two relays interleave in the stream; each keeps its own order.
 */
export function runLoopRelay(pool: pg.Pool, redis: Redis, opts: RelayOptions): Promise<RelayResult> {
  const target: AppendTarget<LoopChangeRow> = { stream: opts.stream, checkpointKey: loopRelayCheckpointKey(opts.stream), format: LOOP_ENTRIES };
  return runStreamRelay(pool, redis, opts, { id: loopRelaySubscriberId(opts.stream), source: LOOP_CHANGES, target });
}

type RelayOf<R extends { position: number }> = { id: string; source: Source<R>; target: AppendTarget<R> };

async function runStreamRelay<R extends { position: number }>(pool: pg.Pool, redis: Redis, opts: RelayOptions, relay: RelayOf<R>): Promise<RelayResult> {
  // A run starts small, before it knows how large its entries are (see nextBatchSize).
  let size = Math.min(opts.batchSize ?? 1000, FIRST_BATCH);
  const store = redisCheckpointStore<R>(redis, {
    stream: opts.stream,
    relay: { target: relay.target, copyId: relay.id },
    maxLen: opts.maxLen,
    maxScriptBytes: opts.maxScriptBytes,
    afterAppend: async (batch, bytes) => {
      size = nextBatchSize(opts, batch.events.length, bytes);
      await opts.afterAppend?.(batch);
    },
  });
  // prepare encodes a batch's entries for the append script: CPU work on the rows alone (it reads
  // nothing, needs no checkpoint, ignores the previous batch). A batch read ahead is thus encoded
  // while the previous one is being appended rather than after it; a stale read-ahead is dropped
  // with its encoding, and the batch read again is encoded again.
  const prepare = async (_db: unknown, rows: R[]) => encodeEntries(relay.target.format, rows, opts.maxScriptBytes);
  const run = await runSubscriber(
    pool,
    { id: relay.id, source: relay.source, prepare, store, batchSize: () => size },
    { maxBatches: opts.maxBatches, onBatch: opts.onBatch },
  );
  const resumed = store.resumedFromPostgres();
  return resumed === undefined ? run : { ...run, resumedFromPostgres: resumed };
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
