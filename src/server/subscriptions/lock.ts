import type pg from "pg";

/**
 * The advisory-lock key of a subscriber (the projector, the rebuild's shadow, the relay of one
 * stream): two runs of one subscriber never overlap, and different subscribers run side by side.
 */
export const lockKeyOf = (subscriberId: string) => `calm:subscriber:${subscriberId}`;

/**
 * Takes the subscriber's transaction-scoped lock if it is free; false at once when another
 * transaction holds it (a second run then returns instead of queueing behind the first). Held
 * until the transaction ends, so a crashed run never leaves it behind.
 */
export async function tryLockSubscriber(client: pg.PoolClient, subscriberId: string): Promise<boolean> {
  const res = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok", [
    lockKeyOf(subscriberId),
  ]);
  return res.rows[0]?.ok ?? false;
}

/**
 * Waits for the subscriber's transaction-scoped lock: for work that must not be skipped (the
 * rebuild's swap). Take several in one fixed order (live before shadow), or two waiters deadlock.
 */
export async function lockSubscriber(client: pg.PoolClient, subscriberId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKeyOf(subscriberId)]);
}
