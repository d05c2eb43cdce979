import type { Redis } from "ioredis";
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from "../subscriptions/checkpoint";
import { type CheckpointStore, CheckpointConflict, type NonEmptyBatch, sameCheckpoint } from "../subscriptions/checkpoint-store";
import type { StoredEvent } from "../events/stored-event";
import { type AppendTarget, type EncodedEntries, appendBatch, eventTarget } from "./append-batch";
import { readCheckpointAt, relaySubscriberId } from "./redis-checkpoint";

export type RedisStoreOptions<R = StoredEvent> = {
  stream: string;
  /** Which rows, where, as which entries, and its Postgres copy's id; default the event relay's. */
  relay?: { target: AppendTarget<R>; copyId: string };
  maxLen: number;
  /** Split a batch into several append scripts above this many bytes of entries (append-batch.ts); the same as prepare's encodeEntries. */
  maxScriptBytes?: number;
  /** Runs right after Redis accepted a batch, before its Postgres copy (the relay sizes its next batch here). */
  afterAppend?: (batch: NonEmptyBatch<R>, bytes: number) => void | Promise<void>;
};

export type RedisCheckpointStore<R = StoredEvent> = CheckpointStore<EncodedEntries | null, R> & {
  /** Set when Redis held no checkpoint and load resumed from the Postgres copy (a new or wiped Redis). */
  resumedFromPostgres(): number | undefined;
};

/**
 * The relay's checkpoint, kept in Redis next to the stream, because that is where its effects go:
 * commit appends the batch's entries and moves the checkpoint in one compare-and-append script
 * (append-batch.ts), so every event reaches the stream exactly once, wherever the relay dies. The
 * batch's entries are the effect: `effects` is the batch as encodeEntries encoded them (the relay's
 * prepare, overlapping the previous append), or null to have commit encode them. Then commit
 * writes a copy of the checkpoint to Postgres in the batch's transaction, one batch behind at
 * worst: it serves health's lag, and `load` when Redis lost everything (no checkpoint key): the
 * relay then resumes from that copy instead of republishing the whole log into the new stream.
 *
 * One store per run: it remembers the checkpoint its own last append left in Redis, so Redis is
 * read once per run, not per batch (the append script re-checks it atomically anyway).
 */
export function redisCheckpointStore<R extends { position: number } = StoredEvent>(
  redis: Redis,
  opts: RedisStoreOptions<R>,
): RedisCheckpointStore<R> {
  const { target, copyId } = opts.relay ?? { target: eventTarget(opts.stream) as unknown as AppendTarget<R>, copyId: relaySubscriberId(opts.stream) };
  let known: Checkpoint | null | undefined; // in Redis, as this run last saw it; undefined: not known
  let copy: Checkpoint | null = null; // what load returned from Postgres while Redis held none
  let resumed: number | undefined;
  return {
    async load(client) {
      if (known === undefined) known = await readCheckpointAt(redis, target.checkpointKey);
      if (known) return known;
      copy = await loadCheckpoint(client, copyId);
      if (copy.position > 0) resumed = copy.position;
      return copy;
    },
    async commit(client, from, batch, effects) {
      // Redis must hold `from`, or nothing at all when `from` is the Postgres copy load fell back to.
      const expected = known === null && copy !== null && sameCheckpoint(from, copy) ? null : from;
      known = undefined; // unknown until the append below is confirmed
      const out = await appendBatch(redis, target, expected, batch, opts.maxLen, opts.maxScriptBytes, effects ?? undefined);
      if (!out.ok) {
        // Someone moved the checkpoint since it was read (only possible without our lock): nothing was appended.
        throw new CheckpointConflict(`relay checkpoint moved under us (found position ${out.found?.position ?? "none"}); nothing appended`);
      }
      known = batch.last;
      await opts.afterAppend?.(batch, out.bytes);
      await saveCheckpoint(client, copyId, batch.last);
    },
    resumedFromPostgres: () => resumed,
  };
}
