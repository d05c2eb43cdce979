-- The append path as one round trip (as Marten's mt_append_event does): a single-event request is
-- bounded by the web layer only if the database work costs one statement, not seven.
-- Semantics are those of src/server/events/append.ts, which calls it and maps its errors.

-- The batch as rows; n is the event's index in the request (0-based).
CREATE FUNCTION calm_append_input(p_events jsonb)
RETURNS TABLE (n int, id uuid, event_type text, occurred_at timestamptz, actor_id uuid, actor_type text,
               entity_id uuid, entity_type text, payload jsonb, expected_version int)
LANGUAGE sql STABLE AS $$
  SELECT * FROM jsonb_to_recordset(p_events) AS x(n int, id uuid, event_type text, occurred_at timestamptz,
    actor_id uuid, actor_type text, entity_id uuid, entity_type text, payload jsonb, expected_version int)
$$;

-- The events that will be inserted (first occurrence of each id not yet in the log), each with
-- the entity version it gets and the version the entity had just before it.
CREATE FUNCTION calm_append_plan(p_org uuid, p_events jsonb)
RETURNS TABLE (n int, version int, before int, expected_version int)
LANGUAGE sql STABLE AS $$
  WITH x AS (SELECT * FROM calm_append_input(p_events)),
  firsts AS (SELECT DISTINCT ON (x.id) x.* FROM x ORDER BY x.id, x.n),
  fresh AS (SELECT f.* FROM firsts f WHERE NOT EXISTS (SELECT 1 FROM system_events e WHERE e.id = f.id)),
  -- The entity's current version, looked up per row (an index probe each): a join back onto
  -- `fresh` would be planned as a nested loop, quadratic in the batch size.
  numbered AS (
    SELECT f.n, f.expected_version,
           (COALESCE((SELECT max(e.entity_version) FROM system_events e
                       WHERE e.org_id = p_org AND e.primary_entity_type = f.entity_type
                         AND e.primary_entity_id = f.entity_id), 0)
            + row_number() OVER (PARTITION BY f.entity_type, f.entity_id ORDER BY f.n))::int AS version
      FROM fresh f)
  SELECT numbered.n, numbered.version, numbered.version - 1, numbered.expected_version FROM numbered
$$;

CREATE FUNCTION calm_append_events(p_org uuid, p_events jsonb)
RETURNS TABLE (n int, duplicate boolean, id uuid, org_id uuid, event_type varchar, occurred_at timestamptz,
               actor_id uuid, actor_type varchar, primary_entity_id uuid, primary_entity_type varchar,
               payload jsonb, created_at timestamptz, "position" bigint, entity_version int)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_existing int;
  v_twin int;
  v_exp record;
  v_first int;
  v_inserted uuid[];
  v_ns int[];
  v_versions int[];
BEGIN
  -- Lock the entities first, in one global order (no deadlocks), before anything writes: the
  -- transaction's xid is assigned at its first write, so a later writer of an entity gets a
  -- larger tx_id and subscriptions' (tx_id, position) order stays each entity's version order.
  PERFORM pg_advisory_xact_lock(s.k) FROM (
    SELECT DISTINCT hashtextextended(p_org::text || ':' || x.entity_type || ':' || x.entity_id::text, 0) AS k
      FROM calm_append_input(p_events) x ORDER BY 1) s;

  -- An id already in the log with other content (or in another org).
  SELECT min(x.n) INTO v_existing
    FROM calm_append_input(p_events) x JOIN system_events e ON e.id = x.id
   WHERE (e.org_id, e.event_type::text, e.occurred_at, e.actor_id, e.actor_type::text, e.primary_entity_id,
          e.primary_entity_type::text, e.payload)
         IS DISTINCT FROM (p_org, x.event_type, x.occurred_at, x.actor_id, x.actor_type, x.entity_id, x.entity_type, x.payload);

  -- An id twice in the batch with other content.
  SELECT min(b.n) INTO v_twin
    FROM calm_append_input(p_events) a JOIN calm_append_input(p_events) b ON a.id = b.id AND a.n < b.n
   WHERE (a.event_type, a.occurred_at, a.actor_id, a.actor_type, a.entity_id, a.entity_type, a.payload)
         IS DISTINCT FROM (b.event_type, b.occurred_at, b.actor_id, b.actor_type, b.entity_id, b.entity_type, b.payload);

  -- The plan once, kept in arrays for the check and the insert.
  SELECT array_agg(p.n ORDER BY p.n), array_agg(p.version ORDER BY p.n) INTO v_ns, v_versions
    FROM calm_append_plan(p_org, p_events) p;

  SELECT u.n, u.v - 1 AS before, x.expected_version INTO v_exp
    FROM unnest(v_ns, v_versions) AS u(n, v) JOIN calm_append_input(p_events) x ON x.n = u.n
   WHERE x.expected_version IS NOT NULL AND x.expected_version <> u.v - 1
   ORDER BY u.n LIMIT 1;

  -- Report the first problem in request order, as a client reading its batch top-down expects.
  v_first := LEAST(v_existing, v_twin, v_exp.n);
  IF v_first IS NOT NULL THEN
    RAISE EXCEPTION 'calm_append_conflict' USING ERRCODE = 'P0001', DETAIL = json_build_object(
      'n', v_first,
      'kind', CASE WHEN v_first = v_existing THEN 'exists' WHEN v_first = v_twin THEN 'twin' ELSE 'expected' END,
      'current', v_exp.before, 'given', v_exp.expected_version)::text;
  END IF;

  WITH ins AS (
    INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                               primary_entity_type, payload, entity_version)
    SELECT x.id, p_org, x.event_type, x.occurred_at, x.actor_id, x.actor_type, x.entity_id, x.entity_type, x.payload, u.v
      FROM unnest(v_ns, v_versions) AS u(n, v) JOIN calm_append_input(p_events) x ON x.n = u.n
     ORDER BY u.n
    RETURNING system_events.id)
  SELECT array_agg(ins.id) INTO v_inserted FROM ins;

  -- Again, now that every id is in the log: a writer of another entity may have committed one of
  -- our ids after the first check (each statement sees a new snapshot), and the plan then took our
  -- event for a duplicate of theirs. Raising here rolls our inserts back with the call.
  SELECT min(x.n) INTO v_existing
    FROM calm_append_input(p_events) x JOIN system_events e ON e.id = x.id
   WHERE (e.org_id, e.event_type::text, e.occurred_at, e.actor_id, e.actor_type::text, e.primary_entity_id,
          e.primary_entity_type::text, e.payload)
         IS DISTINCT FROM (p_org, x.event_type, x.occurred_at, x.actor_id, x.actor_type, x.entity_id, x.entity_type, x.payload);
  IF v_existing IS NOT NULL THEN
    RAISE EXCEPTION 'calm_append_conflict' USING ERRCODE = 'P0001',
      DETAIL = json_build_object('n', v_existing, 'kind', 'exists', 'current', NULL, 'given', NULL)::text;
  END IF;

  RETURN QUERY
    SELECT x.n, NOT (e.id = ANY(COALESCE(v_inserted, '{}')) AND x.n = f.n), e.id, e.org_id, e.event_type,
           e.occurred_at, e.actor_id, e.actor_type, e.primary_entity_id, e.primary_entity_type, e.payload,
           e.created_at, e."position", e.entity_version
      FROM calm_append_input(p_events) x
      JOIN system_events e ON e.id = x.id
      JOIN (SELECT y.id, min(y.n) AS n FROM calm_append_input(p_events) y GROUP BY y.id) f ON f.id = x.id
     ORDER BY x.n;
END;
$$;
