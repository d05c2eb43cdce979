import type pg from "pg";
import type { Checkpoint } from "./checkpoint";
import { CheckpointConflict, sameCheckpoint } from "./checkpoint-store";
import { tryLockSubscriber } from "./lock";
import { type Ahead, type ReadAhead, readAhead, settled } from "./read-ahead";
import { EVENTS, readSource } from "./read-batch";
import type { Subscriber } from "./subscriber";

export type RunResult = { skipped: boolean; processed: number; batches: number; caughtUp: boolean };

/** Conflicts in a row before a run gives up: more means something other than a run of ours moves the checkpoint. */
const MAX_CONFLICTS = 3;

export type RunOptions = { batchSize?: number; maxBatches?: number; onBatch?: (processed: number) => void | Promise<void> };

/**
 * Runs one subscriber forward: the projector (Postgres checkpoint) and the relay (Redis
 * checkpoint) alike. Each batch is one transaction that takes the subscriber's transaction-scoped
 * advisory lock, loads the checkpoint, reads the next events, and commits their effects with the
 * checkpoint through the subscriber's store, so a crash anywhere loses or repeats nothing. If
 * another run holds the lock this returns at once with skipped: true. Another run may also slip in
 * between two batches of this one: the store then refuses our next commit (CheckpointConflict,
 * nothing written), and the run loads the checkpoint again and continues.
 */
export async function runSubscriber<E, R extends { position: number }>(pool: pg.Pool, sub: Subscriber<E, R>, opts: RunOptions = {}): Promise<RunResult> {
  const maxBatches = opts.maxBatches ?? Number.POSITIVE_INFINITY;
  const sizeNow = sub.batchSize ?? (() => opts.batchSize ?? 1000);
  const result: RunResult = { skipped: false, processed: 0, batches: 0, caughtUp: false };
  let ahead: ReadAhead<E, R> | null = null;
  let conflicts = 0;
  try {
    while (result.batches < maxBatches) {
      // The read-ahead is awaited before this batch takes a connection: no deadlock in a pool of one.
      const pre: Ahead<E, R> | null = ahead ? await settled(ahead) : null;
      ahead = null;
      const client = await pool.connect();
      let step: Step<E, R> | null;
      try {
        await client.query("BEGIN");
        const mayReadAhead = result.batches + 1 < maxBatches;
        step = await oneBatch(client, sub, pre, (from, size, effects) => (mayReadAhead ? readAhead(pool, sub, from, size, effects) : null), sizeNow);
        ahead = step?.ahead ?? null;
        await client.query(step === null ? "ROLLBACK" : "COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        if (e instanceof CheckpointConflict && conflicts < MAX_CONFLICTS) {
          // Another run moved the checkpoint between two of our batches (each batch takes the lock
          // anew): nothing of this batch was written, so load the checkpoint again and go on.
          conflicts++;
          client.release();
          continue;
        }
        client.release(e instanceof Error ? e : true);
        throw e;
      }
      conflicts = 0;
      client.release();
      if (step === null) return { ...result, skipped: result.batches === 0 };
      if (step.effects !== undefined) sub.afterCommit?.(step.effects);
      result.batches++;
      result.processed += step.n;
      await opts.onBatch?.(result.processed);
      if (!step.full) return { ...result, caughtUp: true };
    }
    return result;
  } finally {
    // A read-ahead nobody will use still holds a connection until it ends; its error is moot.
    ahead?.next.catch(() => undefined);
  }
}

type Step<E, R> = { n: number; full: boolean; ahead: ReadAhead<E, R> | null; effects?: E };

/** null: another run holds the lock. `pre`: this batch as read ahead, if any; `next` starts the next one's. */
async function oneBatch<E, R extends { position: number }>(
  client: pg.PoolClient,
  sub: Subscriber<E, R>,
  pre: Ahead<E, R> | null,
  next: (from: Checkpoint, size: number, effects: E) => ReadAhead<E, R> | null,
  sizeNow: () => number,
): Promise<Step<E, R> | null> {
  if (!(await tryLockSubscriber(client, sub.id))) return null;
  const from = await sub.store.load(client);
  const fresh = pre !== null && sameCheckpoint(pre.from, from) ? pre : null;
  const size = fresh ? fresh.size : sizeNow();
  const batch = fresh ? fresh.batch : await readSource(client, sub.source ?? (EVENTS as never), from, size);
  if (batch.last === null) return { n: 0, full: false, ahead: null };
  const effects = fresh?.effects ? fresh.effects.value : await sub.prepare(client, batch.events, null);
  const full = batch.events.length === size;
  // A full batch means more may follow: start reading (and preparing) it while this one commits.
  const ahead = full ? next(batch.last, sizeNow(), effects) : null;
  await sub.store.commit(client, from, { ...batch, last: batch.last }, effects);
  return { n: batch.events.length, full, ahead, effects };
}
