import type pg from "pg";
import type { StoredEvent } from "../events/stored-event";
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from "./checkpoint";
import { type Batch, readBatch } from "./read-batch";

/**
 * A subscriber whose effects live in Postgres: they commit with its checkpoint, exactly once. It
 * handles a batch in two halves so the runner can overlap them across batches: `prepare` only
 * reads (it may run on another connection while the previous batch, passed in, is still being
 * written), `apply` writes inside the batch's transaction.
 */
export type PgSubscriber<P> = {
  id: string;
  prepare(db: pg.Pool | pg.PoolClient, events: StoredEvent[], previous: P | null): Promise<P>;
  apply(client: pg.PoolClient, prepared: P): Promise<void>;
};

/**
 * `behind`: caught up to the horizon, yet committed events lie past the checkpoint: a transaction
 * still running (anywhere on the server) hides them for now, so another run soon will find them.
 */
export type RunResult = { skipped: boolean; processed: number; batches: number; caughtUp: boolean; behind: boolean };

export type RunOptions = { batchSize?: number; maxBatches?: number; onBatch?: (processed: number) => void | Promise<void> };

/** The advisory-lock key of a subscriber: two runs of one subscriber never overlap. */
export const lockKeyOf = (subscriberId: string) => `calm:subscriber:${subscriberId}`;

/**
 * Runs one subscriber forward. Each batch is one transaction that takes the subscriber's
 * transaction-scoped advisory lock, reads from the checkpoint, applies the handler and saves the
 * checkpoint, so a crash anywhere loses or repeats nothing. If another run holds the lock this
 * returns at once with skipped: true.
 */
export async function runSubscriber<P>(pool: pg.Pool, sub: PgSubscriber<P>, opts: RunOptions = {}): Promise<RunResult> {
  const batchSize = opts.batchSize ?? 1000;
  const maxBatches = opts.maxBatches ?? Number.POSITIVE_INFINITY;
  let processed = 0;
  let batches = 0;
  let ahead: ReadAhead<P> | null = null;
  try {
    while (batches < maxBatches) {
      // Wait for the read-ahead before taking a connection: it holds one of its own until it is
      // done, so however small the pool, the two never wait on each other.
      const started = ahead as ReadAhead<P> | null; // (set inside the try below: TS narrows it to null here)
      ahead = null;
      const pre: (Ahead<P> & { from: Checkpoint }) | null =
        started === null ? null : await started.next.then((a: Ahead<P>) => ({ from: started.from, ...a }), () => null);
      const client = await pool.connect();
      let n: number | null;
      try {
        await client.query("BEGIN");
        const more = batches + 1 < maxBatches;
        const out: { n: number; ahead: ReadAhead<P> | null } | null = await oneBatch(client, sub, batchSize, pre, (from, prepared) =>
          more ? readAhead(pool, sub, from, batchSize, prepared) : null,
        );
        ahead = out?.ahead ?? null;
        n = out?.n ?? null;
        await client.query(n === null ? "ROLLBACK" : "COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        client.release(e instanceof Error ? e : true);
        throw e;
      }
      client.release();
      if (n === null) return { skipped: batches === 0, processed, batches, caughtUp: false, behind: false };
      batches++;
      processed += n;
      await opts.onBatch?.(processed);
      if (n < batchSize) return { skipped: false, processed, batches, caughtUp: true, behind: await hasHidden(pool, sub.id) };
    }
    return { skipped: false, processed, batches, caughtUp: false, behind: false };
  } finally {
    // A read-ahead nobody will use still holds a connection until it ends; its error is moot.
    ahead?.next.catch(() => undefined);
  }
}

/**
 * The next batch, read (and prepared, for a pipelined subscriber) on another connection while
 * this one is written: catch-up is then bounded by the slower half, not the sum of both. Used only
 * if the checkpoint is still where it started when the next batch takes the lock; a run of the
 * subscriber in between makes it stale, so it is dropped.
 */
type Ahead<P> = { batch: Batch; prepared: P | null };
type ReadAhead<P> = { from: Checkpoint; next: Promise<Ahead<P>> };

function readAhead<P>(pool: pg.Pool, sub: PgSubscriber<P>, from: Checkpoint, batchSize: number, previous: P | null): ReadAhead<P> {
  const next = (async () => {
    const client = await pool.connect();
    try {
      const batch = await readBatch(client, from, batchSize);
      const prepared = batch.events.length > 0 ? await sub.prepare(client, batch.events, previous) : null;
      client.release();
      return { batch, prepared };
    } catch (e) {
      client.release(e instanceof Error ? e : true);
      throw e;
    }
  })();
  next.catch(() => undefined); // a failed read-ahead is simply not used: the batch reads again
  return { from, next };
}

/** Committed events past the subscriber's checkpoint (after it caught up: ones the horizon hid). */
async function hasHidden(pool: pg.Pool, subscriberId: string): Promise<boolean> {
  const cp = await loadCheckpoint(pool, subscriberId);
  const res = await pool.query<{ any: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM system_events WHERE (tx_id, position) > ($1::xid8, $2::bigint)) AS any",
    [cp.txId, cp.position],
  );
  return res.rows[0]?.any ?? false;
}

/** null: another run holds the lock. `ahead`: the read-ahead of this batch, if any; `next` starts the next one's. */
async function oneBatch<P>(
  client: pg.PoolClient,
  sub: PgSubscriber<P>,
  batchSize: number,
  ahead: (Ahead<P> & { from: Checkpoint }) | null,
  next: (from: Checkpoint, prepared: P) => ReadAhead<P> | null,
): Promise<{ n: number; ahead: ReadAhead<P> | null } | null> {
  const lock = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok", [
    lockKeyOf(sub.id),
  ]);
  if (!lock.rows[0]?.ok) return null;
  const from = await loadCheckpoint(client, sub.id);
  const fresh = ahead && ahead.from.txId === from.txId && ahead.from.position === from.position;
  const batch = fresh ? ahead.batch : await readBatch(client, from, batchSize);
  if (batch.last === null) return { n: 0, ahead: null };
  const prepared = fresh && ahead.prepared !== null ? ahead.prepared : await sub.prepare(client, batch.events, null);
  // A full batch means more may follow: start reading (and preparing) it while this one is written.
  const following = batch.events.length === batchSize ? next(batch.last, prepared) : null;
  await sub.apply(client, prepared);
  await saveCheckpoint(client, sub.id, batch.last);
  return { n: batch.events.length, ahead: following };
}
