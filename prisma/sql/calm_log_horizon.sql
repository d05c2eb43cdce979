-- The subscriptions' horizon: below it, every transaction that could write system_events in this
-- database has ended. Used by readBatch (src/server/subscriptions/read-batch.ts) and health's
-- horizon figures (src/server/subscriptions/horizon.ts).
--
-- Migrations are history and are never edited; this file is where the current definition is read.
-- Defined by prisma/migrations/20261201030000_log_horizon, which says why (the cluster-wide
-- pg_snapshot_xmin let any other database's long transaction stall every subscriber). To change it,
-- write a migration that replaces it and copy the new definition here:
-- src/server/db/migrate/current-sql.test.ts fails while the two differ.

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
