import type pg from "pg";
import type { Checkpoint } from "./checkpoint";
import type { StoredEvent } from "../events/stored-event";
import { type Batch, EVENTS, readSource } from "./read-batch";
import type { Subscriber } from "./subscriber";

/** The next batch, read (and prepared, if it has events) ahead of its turn; `from` and `size` as read. */
export type Ahead<E, R = StoredEvent> = { from: Checkpoint; size: number; batch: Batch<R>; effects: { value: E } | null };

export type ReadAhead<E, R = StoredEvent> = { from: Checkpoint; next: Promise<Ahead<E, R>> };

/**
 * Reads (and prepares) the next batch on another connection while the current one is committed:
 * catch-up is then bounded by the slower half, not the sum of both. Used only if the checkpoint is
 * still where it started when the next batch takes the lock; a run of the subscriber in between
 * makes it stale, so it is dropped. The caller waits for it before taking its own connection:
 * it holds one of its own until done, so however small the pool, the two never wait on each other.
 */
export function readAhead<E, R extends { position: number }>(pool: pg.Pool, sub: Subscriber<E, R>, from: Checkpoint, size: number, previous: E): ReadAhead<E, R> {
  const next = (async (): Promise<Ahead<E, R>> => {
    const client = await pool.connect();
    try {
      const batch = await readSource(client, sub.source ?? (EVENTS as never), from, size);
      const effects = batch.events.length > 0 ? { value: await sub.prepare(client, batch.events, previous) } : null;
      client.release();
      return { from, size, batch, effects };
    } catch (e) {
      client.release(e instanceof Error ? e : true);
      throw e;
    }
  })();
  next.catch(() => undefined); // a failed read-ahead is simply not used: the batch reads again
  return { from, next };
}

/** The read-ahead's result, or null when it failed. */
export const settled = <E, R>(ahead: ReadAhead<E, R>): Promise<Ahead<E, R> | null> => ahead.next.catch(() => null);
