import type pg from "pg";
import { loadCheckpoint } from "./checkpoint";

export type SubscriberLag = { id: string; lagEvents: number; lagSeconds: number; checkpointPosition: number | null };

/** How far each Postgres-checkpointed subscriber is behind the log (events capped at 1,000,000), in the order of `ids`. */
export async function subscriberLags(db: pg.Pool, ids: string[], now: Date): Promise<SubscriberLag[]> {
  const res = await db.query<{ id: string; pos: number | null; lag_events: number; oldest: Date | null }>(
    `SELECT s.id, c.position AS pos,
            (SELECT count(*)::int FROM (SELECT 1 FROM system_events e
                WHERE (e.tx_id, e.position) > (COALESCE(c.tx_id, '0'::xid8), COALESCE(c.position, 0)) LIMIT 1000000) x) AS lag_events,
            (SELECT min(e.created_at) FROM (SELECT created_at FROM system_events e
                WHERE (e.tx_id, e.position) > (COALESCE(c.tx_id, '0'::xid8), COALESCE(c.position, 0))
                ORDER BY e.tx_id, e.position LIMIT 1) e) AS oldest
       FROM unnest($1::text[]) WITH ORDINALITY AS s(id, n)
       LEFT JOIN subscription_checkpoints c ON c.subscriber_id = s.id
      ORDER BY s.n`,
    [ids],
  );
  return res.rows.map((r) => ({
    id: r.id,
    lagEvents: r.lag_events,
    lagSeconds: r.oldest ? Math.max(0, Math.round((now.getTime() - r.oldest.getTime()) / 1000)) : 0,
    checkpointPosition: r.pos,
  }));
}

/**
 * Age of the oldest open transaction of this database (other databases' cannot write the log, so
 * they hold no subscriber back: calm_log_horizon). Transactions of other roles count only where
 * Postgres shows their start to ours (pg_read_all_stats).
 */
export async function oldestTransactionSeconds(db: pg.Pool): Promise<number> {
  const res = await db.query<{ s: number | null }>(
    `SELECT EXTRACT(EPOCH FROM max(now() - xact_start))::float8 AS s FROM pg_stat_activity
      WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid() AND backend_type = 'client backend'
        AND datname = current_database()`,
  );
  return Math.round(res.rows[0]?.s ?? 0);
}

/**
 * Committed events past the subscriber's checkpoint, once it has caught up to the horizon: a
 * transaction of this database still running hides them for now, so a run soon finds them.
 */
export async function hasHiddenEvents(db: pg.Pool, subscriberId: string): Promise<boolean> {
  const cp = await loadCheckpoint(db, subscriberId);
  const res = await db.query<{ any: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM system_events WHERE (tx_id, position) > ($1::xid8, $2::bigint)) AS any",
    [cp.txId, cp.position],
  );
  return res.rows[0]?.any ?? false;
}
