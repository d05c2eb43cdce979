-- The subscriptions' horizon, per database. Subscribers read only events whose tx_id lies below
-- every transaction that may still commit one. That was pg_snapshot_xmin(pg_current_snapshot()),
-- which is cluster-wide: a long write transaction in another database of the same server (another
-- app on a shared Postgres, a migration, a big import) froze every subscriber, though only
-- transactions of this database can write system_events.
--
-- calm_log_horizon() = LEAST(the smallest in-progress xid not positively known to belong to another
-- database, the snapshot's xmax). "Positively known": a backend of another database runs it
-- (pg_stat_activity.backend_xid and datid, readable by every role), a prepared transaction of
-- another database holds it, or, for an xid no backend shows (its role's activity hidden), the
-- backend holding the ExclusiveLock on that xid (pg_locks, readable by every role) is connected to
-- another database. Anything not attributed stays in the horizon: a transaction that ended between
-- the snapshot and these lookups is at worst waited for, never skipped.
--
-- STABLE: inside a statement it uses that statement's snapshot, so a reader's WHERE
-- tx_id < (SELECT calm_log_horizon()) and its rows are judged by one snapshot. The backend list is
-- re-read after that snapshot (pg_stat_clear_snapshot): an xid's owner that was running at the
-- snapshot and still holds it is the process a pid names then (a pid reused by another database's
-- backend could only appear after that owner ended).
-- Current definition: prisma/sql/calm_log_horizon.sql.
CREATE FUNCTION calm_log_horizon() RETURNS xid8 LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_snap pg_snapshot := pg_current_snapshot();
  v_xip xid8[] := ARRAY(SELECT pg_snapshot_xip(v_snap));
  v_db oid;
  v_other xid[];
  v_seen xid[];
  v_left xid8[];
BEGIN
  -- Nothing running below xmax (the common case on a quiet server): no lookups at all.
  IF cardinality(v_xip) = 0 THEN
    RETURN pg_snapshot_xmax(v_snap);
  END IF;
  SELECT d.oid INTO v_db FROM pg_database d WHERE d.datname = current_database();
  PERFORM pg_stat_clear_snapshot();
  SELECT coalesce(array_agg(a.backend_xid) FILTER (WHERE a.datid <> v_db), '{}'), coalesce(array_agg(a.backend_xid), '{}')
    INTO v_other, v_seen
    FROM pg_stat_get_activity(NULL) a
   WHERE a.backend_xid IS NOT NULL;
  SELECT v_other || coalesce(array_agg(p.transaction) FILTER (WHERE p.dbid <> v_db), '{}'), v_seen || coalesce(array_agg(p.transaction), '{}')
    INTO v_other, v_seen
    FROM pg_prepared_xact() p;
  v_left := ARRAY(SELECT x FROM unnest(v_xip) x WHERE NOT x::xid = ANY (v_other));
  -- xids no backend showed: ask the lock manager who holds them (costlier, so only then).
  IF EXISTS (SELECT 1 FROM unnest(v_left) x WHERE NOT x::xid = ANY (v_seen)) THEN
    v_left := ARRAY(
      SELECT x FROM unnest(v_left) x
       WHERE x::xid = ANY (v_seen) OR NOT EXISTS (
         SELECT 1 FROM pg_locks l JOIN pg_stat_get_activity(NULL) a ON a.pid = l.pid
          WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted
            AND l.transactionid = x::xid AND a.datid <> v_db));
  END IF;
  RETURN LEAST((SELECT min(x) FROM unnest(v_left) x), pg_snapshot_xmax(v_snap));
END;
$$;
