import type pg from "pg";
import type { StoredEvent } from "../events/stored-event";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint";
import { readBatch } from "./read-batch";

/** A subscriber whose effects live in Postgres: they commit with its checkpoint, exactly once. */
export type PgSubscriber = {
  id: string;
  handle(client: pg.PoolClient, events: StoredEvent[]): Promise<void>;
};

/**
 * `behind`: caught up to the horizon, yet committed events lie past the checkpoint: a transaction
 * still running (anywhere on the server) hides them for now, so another run soon will find them.
 */
export type RunResult = { skipped: boolean; processed: number; batches: number; caughtUp: boolean; behind: boolean };

export type RunOptions = { batchSize?: number; maxBatches?: number; onBatch?: (processed: number) => void };

/** The advisory-lock key of a subscriber: two runs of one subscriber never overlap. */
export const lockKeyOf = (subscriberId: string) => `calm:subscriber:${subscriberId}`;

/**
 * Runs one subscriber forward. Each batch is one transaction that takes the subscriber's
 * transaction-scoped advisory lock, reads from the checkpoint, applies the handler and saves the
 * checkpoint, so a crash anywhere loses or repeats nothing. If another run holds the lock this
 * returns at once with skipped: true.
 */
export async function runSubscriber(pool: pg.Pool, sub: PgSubscriber, opts: RunOptions = {}): Promise<RunResult> {
  const batchSize = opts.batchSize ?? 1000;
  const maxBatches = opts.maxBatches ?? Number.POSITIVE_INFINITY;
  let processed = 0;
  let batches = 0;
  while (batches < maxBatches) {
    const client = await pool.connect();
    let n: number | null;
    try {
      await client.query("BEGIN");
      n = await oneBatch(client, sub, batchSize);
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
    opts.onBatch?.(processed);
    if (n < batchSize) return { skipped: false, processed, batches, caughtUp: true, behind: await hasHidden(pool, sub.id) };
  }
  return { skipped: false, processed, batches, caughtUp: false, behind: false };
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

/** null: another run holds the lock. */
async function oneBatch(client: pg.PoolClient, sub: PgSubscriber, batchSize: number): Promise<number | null> {
  const lock = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok", [
    lockKeyOf(sub.id),
  ]);
  if (!lock.rows[0]?.ok) return null;
  const from = await loadCheckpoint(client, sub.id);
  const batch = await readBatch(client, from, batchSize);
  if (batch.last === null) return 0;
  await sub.handle(client, batch.events);
  await saveCheckpoint(client, sub.id, batch.last);
  return batch.events.length;
}
