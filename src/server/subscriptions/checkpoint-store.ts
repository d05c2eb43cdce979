import type pg from "pg";
import type { Checkpoint } from "./checkpoint";
import type { StoredEvent } from "../events/stored-event";
import type { Batch } from "./read-batch";

/** A batch with at least one event: the checkpoint moves to its last. */
export type NonEmptyBatch<R = StoredEvent> = Batch<R> & { last: Checkpoint };

/**
 * Where a subscriber's checkpoint lives, and how a batch's effects become durable with it. The
 * runner calls both inside the batch's transaction, under the subscriber's lock: load, then commit.
 * - Postgres (pg-checkpoint-store.ts): the effects are written in that transaction and the
 *   checkpoint saved in it too; the projector.
 * - Redis (relay/redis-checkpoint-store.ts): the effects are stream entries, appended by one
 *   atomic script that also moves the checkpoint; a Postgres copy follows; the relay.
 * Either way a batch's effects and its checkpoint are durable together or not at all.
 */
export type CheckpointStore<E, R = StoredEvent> = {
  /** The checkpoint the next batch starts after (START for a new subscriber). */
  load(client: pg.PoolClient): Promise<Checkpoint>;
  /**
   * Writes the batch's effects and moves the checkpoint from `from` to `batch.last`, only if the
   * store still holds `from`: otherwise throws CheckpointConflict, and nothing of the batch stays.
   */
  commit(client: pg.PoolClient, from: Checkpoint, batch: NonEmptyBatch<R>, effects: E): Promise<void>;
};

/** The store no longer held the checkpoint a batch was read from (a stale writer): nothing was written. */
export class CheckpointConflict extends Error {
  override name = "CheckpointConflict";
}

export const sameCheckpoint = (a: Checkpoint, b: Checkpoint) => a.txId === b.txId && a.position === b.position;
