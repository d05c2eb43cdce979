import type pg from "pg";

/**
 * The transaction that holds the subscriptions' horizon back (calm_log_horizon(), see
 * prisma/sql/calm_log_horizon.sql): a transaction of this database still running, below which
 * events wait. `ageSeconds` and `database` are null where Postgres hides them from our role (the
 * activity of other roles' backends: grant the app's role pg_read_all_stats to see them).
 */
export type HorizonBlocker = {
  xid: string;
  pid: number | null;
  database: string | null;
  ageSeconds: number | null;
  /** Set for a prepared transaction (PREPARE TRANSACTION): its gid. It waits for COMMIT/ROLLBACK PREPARED. */
  prepared: string | null;
};

export type HorizonFigures = {
  /** The horizon (an xid8) as text: subscribers read events whose tx_id lies below it. */
  horizon: string;
  /** Whether a running transaction of this database holds it below the newest completed one. */
  held: boolean;
  blocker: HorizonBlocker | null;
};

/** The horizon now, and what holds it back, for health and the tick's answer. */
export async function horizonFigures(db: pg.Pool): Promise<HorizonFigures> {
  const h = await db.query<{ horizon: string; held: boolean }>(
    "SELECT h::text AS horizon, h < pg_snapshot_xmax(pg_current_snapshot()) AS held FROM (SELECT calm_log_horizon() AS h) s",
  );
  const { horizon, held } = h.rows[0]!;
  if (!held) return { horizon, held, blocker: null };
  // The holder of the horizon's xid: a backend (by its xid, else by the lock it holds on it) or a
  // prepared transaction. It may have ended meanwhile: then nothing is named.
  const b = await db.query<{ pid: number | null; database: string | null; age: number | null; prepared: string | null }>(
    `WITH x AS (SELECT $1::xid8::xid AS xid),
          holder AS (
            SELECT a.pid, a.datname::text AS database, EXTRACT(EPOCH FROM now() - a.xact_start)::float8 AS age, NULL::text AS prepared
              FROM pg_stat_activity a, x
             WHERE a.pid = COALESCE(
                     (SELECT s.pid FROM pg_stat_activity s WHERE s.backend_xid = x.xid LIMIT 1),
                     (SELECT l.pid FROM pg_locks l WHERE l.locktype = 'transactionid' AND l.transactionid = x.xid
                         AND l.mode = 'ExclusiveLock' AND l.granted AND l.pid IS NOT NULL LIMIT 1))
            UNION ALL
            SELECT NULL, p.database::text, EXTRACT(EPOCH FROM now() - p.prepared)::float8, p.gid
              FROM pg_prepared_xacts p, x WHERE p.transaction = x.xid)
     SELECT * FROM holder LIMIT 1`,
    [horizon],
  );
  const r = b.rows[0];
  return {
    horizon,
    held,
    blocker: {
      xid: horizon,
      pid: r?.pid ?? null,
      database: r?.database ?? null,
      ageSeconds: r?.age == null ? null : Math.round(r.age),
      prepared: r?.prepared ?? null,
    },
  };
}

/**
 * Health's horizon section (the full report only: it names a transaction): whether a running
 * transaction of this database holds the subscribers back, and which (pid, database, age).
 */
export async function horizonHealth(db: pg.Pool): Promise<{ horizon: { held: boolean; blocker: HorizonBlocker | null } | null }> {
  const figures = await horizonFigures(db).catch(() => null); // the database is down: health says so already
  return { horizon: figures && { held: figures.held, blocker: figures.blocker } };
}
