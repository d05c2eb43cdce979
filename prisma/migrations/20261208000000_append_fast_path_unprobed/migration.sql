-- calm_append_events, version 7: a batch of new ids goes straight to its INSERT. Version 4's fast
-- path first probed the primary key for every id of the batch, then the INSERT searched the same
-- index again for each row; now the INSERT's own unique check is the only one. A batch holding an
-- id already in the log (a re-sent event, or one committed by another writer meanwhile) makes the
-- INSERT fail on the primary key inside a subtransaction (a BEGIN … EXCEPTION block); its rows
-- are taken back and the general path answers, as before. So is a batch whose expected versions
-- do not all match: the general path refuses it, or answers its events as duplicates when they
-- are already stored (a re-sent batch with expected versions).
--
-- The answer of the fast path is made from the request and what the INSERT added (positions and
-- the record time) rather than from the inserted rows; a RETURN QUERY inside the block would
-- leave the rows of a failed INSERT in the function's result.
--
-- Measured (bench/peers workloads, one writer, alternated rounds, medians; Postgres CPU per call
-- from /proc/<backend>/stat): 500 events over 500 entities 15.25 -> 14.75 ms of Postgres per
-- call, 17,590 -> 18,113 events/s; 500 events to one entity 24,734 -> 26,801 events/s.
--
-- CREATE OR REPLACE keeps the function's signature but not its settings: plan_cache_mode is set
-- again below. The jsonb wrapper is re-created unchanged, so that prisma/sql/calm_append_events.sql
-- reads as this migration.

CREATE OR REPLACE FUNCTION calm_append_events(p_org uuid, p_ids uuid[], p_event_types text[], p_occurred_at timestamptz[],
  p_actor_ids uuid[], p_actor_types text[], p_entity_ids uuid[], p_entity_types text[], p_payloads jsonb,
  p_expected_versions int[])
RETURNS TABLE (n int, duplicate boolean, id uuid, org_id uuid, event_type varchar, occurred_at timestamptz,
               actor_id uuid, actor_type varchar, primary_entity_id uuid, primary_entity_type varchar,
               payload jsonb, created_at timestamptz, "position" bigint, entity_version int)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_in calm_append_row[];
  v_existing int;
  v_twin int;
  v_exp record;
  v_first int;
  v_inserted uuid[];
  v_ns int[];
  v_versions int[];
  v_one calm_append_row;
  v_row system_events;
  v_dup boolean;
  v_positions bigint[];
  v_created timestamptz;
  v_constraint text;
BEGIN
  -- The request: one array per field, all of one length; an event's n is its index (0-based). A
  -- JSON null payload is read as none (refused by the column), as version 5 read it.
  -- Arrays rather than one JSON document: Postgres read a 500-event request in ~1.5 ms instead of
  -- ~3.2 (jsonb's parse, then each field's text read again by jsonb_to_recordset), and Node wrote it in less.
  IF cardinality(p_ids) = 0 OR NOT (cardinality(p_event_types) = cardinality(p_ids)
       AND cardinality(p_occurred_at) = cardinality(p_ids) AND cardinality(p_actor_ids) = cardinality(p_ids)
       AND cardinality(p_actor_types) = cardinality(p_ids) AND cardinality(p_entity_ids) = cardinality(p_ids)
       AND cardinality(p_entity_types) = cardinality(p_ids) AND jsonb_array_length(p_payloads) = cardinality(p_ids)
       AND cardinality(p_expected_versions) = cardinality(p_ids)) IS NOT FALSE THEN
    RAISE EXCEPTION 'calm_append_events: its arrays must be of one length, at least 1';
  END IF;

  -- One event (a single append, or a group commit that gathered one): no joins, no window
  -- functions. The insert itself checks the expected version (against the entity's
  -- current version, an index probe) and skips an id already in the log; only when it inserts
  -- nothing does the function look at why. Same answers and refusals as the general path below.
  IF cardinality(p_ids) = 1 THEN
    v_one := ROW(0, p_ids[1], p_event_types[1], p_occurred_at[1], p_actor_ids[1], p_actor_types[1], p_entity_ids[1],
                 p_entity_types[1], NULLIF(p_payloads -> 0, 'null'), p_expected_versions[1])::calm_append_row;
    PERFORM pg_advisory_xact_lock(hashtextextended(p_org::text || ':' || v_one.entity_type || ':' || v_one.entity_id::text, 0));
    INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                               primary_entity_type, payload, entity_version)
    SELECT v_one.id, p_org, v_one.event_type, v_one.occurred_at, v_one.actor_id, v_one.actor_type, v_one.entity_id,
           v_one.entity_type, v_one.payload, cur.v + 1
      FROM (SELECT COALESCE(max(e.entity_version), 0) AS v FROM system_events e
             WHERE e.org_id = p_org AND e.primary_entity_type = v_one.entity_type
               AND e.primary_entity_id = v_one.entity_id) cur
     WHERE v_one.expected_version IS NULL OR v_one.expected_version = cur.v
    ON CONFLICT ON CONSTRAINT system_events_pkey DO NOTHING
    RETURNING system_events.* INTO v_row;
    v_dup := NOT FOUND;
    IF v_dup THEN
      -- Not inserted: the id is in the log (the same event: a duplicate; other content or another
      -- org: a clash), or else the entity is not at the expected version. An id in the log is
      -- answered whatever the expected version, as in the general path.
      SELECT e.* INTO v_row FROM system_events e WHERE e.id = v_one.id;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'calm_append_conflict' USING ERRCODE = 'P0001', DETAIL = json_build_object(
          'n', v_one.n, 'kind', 'expected',
          'current', (SELECT COALESCE(max(e.entity_version), 0) FROM system_events e
                       WHERE e.org_id = p_org AND e.primary_entity_type = v_one.entity_type
                         AND e.primary_entity_id = v_one.entity_id),
          'given', v_one.expected_version)::text;
      END IF;
      IF (v_row.org_id, v_row.event_type::text, v_row.occurred_at, v_row.actor_id, v_row.actor_type::text,
          v_row.primary_entity_id, v_row.primary_entity_type::text, v_row.payload)
         IS DISTINCT FROM (p_org, v_one.event_type, v_one.occurred_at, v_one.actor_id, v_one.actor_type, v_one.entity_id,
                           v_one.entity_type, v_one.payload) THEN
        RAISE EXCEPTION 'calm_append_conflict' USING ERRCODE = 'P0001',
          DETAIL = json_build_object('n', v_one.n, 'kind', 'exists', 'current', NULL, 'given', NULL)::text;
      END IF;
    END IF;
    RETURN QUERY SELECT v_one.n, v_dup, v_row.id, v_row.org_id, v_row.event_type, v_row.occurred_at, v_row.actor_id,
                        v_row.actor_type, v_row.primary_entity_id, v_row.primary_entity_type, v_row.payload,
                        v_row.created_at, v_row."position", v_row.entity_version;
    RETURN;
  END IF;

  -- One row per event: the arrays side by side.
  v_in := ARRAY(
    SELECT ROW((u.o - 1)::int, u.id, u.event_type, u.occurred_at, u.actor_id, u.actor_type, u.entity_id, u.entity_type,
               NULLIF(u.payload, 'null'), u.expected_version)::calm_append_row
      FROM ROWS FROM (unnest(p_ids), unnest(p_event_types), unnest(p_occurred_at), unnest(p_actor_ids),
                      unnest(p_actor_types), unnest(p_entity_ids), unnest(p_entity_types),
                      jsonb_array_elements(p_payloads), unnest(p_expected_versions))
           WITH ORDINALITY AS u(id, event_type, occurred_at, actor_id, actor_type, entity_id, entity_type, payload,
                                expected_version, o)
     ORDER BY u.o);

  -- Lock the entities first, in one global order (no deadlocks), before anything writes: the
  -- transaction's xid is assigned at its first write, so a later writer of an entity gets a
  -- larger tx_id and subscriptions' (tx_id, position) order stays each entity's version order.
  PERFORM pg_advisory_xact_lock(s.k) FROM (
    SELECT DISTINCT hashtextextended(p_org::text || ':' || x.entity_type || ':' || x.entity_id::text, 0) AS k
      FROM unnest(v_in) x ORDER BY 1) s;

  -- The common case of a batch: none of its ids is in the log, and none is in it twice. Then every
  -- event is new and nothing needs fetching: the versions numbered per entity, the expected
  -- versions checked, one INSERT, and the answer made from the request and what the INSERT added.
  -- Whether an id is in the log is left to the INSERT (its primary key): probing every id first
  -- was a second index search per event (version 7 dropped it: docs/benchmarks.md, bench:peers).
  -- An id in the log, or committed by another writer meanwhile, makes the INSERT fail on the
  -- primary key; the block's subtransaction takes its rows back and the general path below
  -- answers (a duplicate, or a refusal). So does an expected version that does not match: the
  -- general path refuses it, unless the event is already in the log (a re-sent batch).
  IF NOT EXISTS (SELECT 1 FROM unnest(p_ids) i GROUP BY i HAVING count(*) > 1) THEN
    -- An entity's current version is probed once (at its first event), not once per event.
    v_versions := ARRAY(
      SELECT (max(CASE WHEN r.k = 1 THEN COALESCE((SELECT max(e.entity_version) FROM system_events e
                                                    WHERE e.org_id = p_org AND e.primary_entity_type = r.entity_type
                                                      AND e.primary_entity_id = r.entity_id), 0) END)
                OVER (PARTITION BY r.entity_type, r.entity_id) + r.k)::int
        FROM (SELECT x.n, x.entity_type, x.entity_id,
                     row_number() OVER (PARTITION BY x.entity_type, x.entity_id ORDER BY x.n) AS k
                FROM unnest(v_in) x) r
       ORDER BY r.n);
    -- unnest of a composite array and another spreads the composite's fields: u holds them and v.
    IF NOT EXISTS (SELECT 1 FROM unnest(v_in, v_versions) AS u(n, id, event_type, occurred_at, actor_id, actor_type,
                                                              entity_id, entity_type, payload, expected_version, v)
                    WHERE u.expected_version IS NOT NULL AND u.expected_version <> u.v - 1) THEN
      BEGIN
        -- Positions are drawn in insertion order (the request's), so sorted they are the events'.
        WITH ins AS (
          INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                     primary_entity_type, payload, entity_version)
          SELECT u.id, p_org, u.event_type, u.occurred_at, u.actor_id, u.actor_type, u.entity_id, u.entity_type, u.payload, u.v
            FROM unnest(v_in, v_versions) WITH ORDINALITY AS u(n, id, event_type, occurred_at, actor_id, actor_type, entity_id,
                                                               entity_type, payload, expected_version, v, o)
           ORDER BY u.o
          RETURNING system_events."position", system_events.created_at)
        SELECT array_agg(ins."position" ORDER BY ins."position"), min(ins.created_at) INTO v_positions, v_created FROM ins;
      EXCEPTION WHEN unique_violation THEN
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        IF v_constraint IS DISTINCT FROM 'system_events_pkey' THEN
          RAISE;
        END IF;
        v_positions := NULL;
      END;
      IF v_positions IS NOT NULL THEN
        -- n is left out (null), as since version 5: the ids are distinct, and append.ts finds each
        -- event by its id. The rest is the request's as stored (same types, same precision).
        RETURN QUERY
          SELECT NULL::int, false, u.id, p_org, u.event_type::varchar, u.occurred_at, u.actor_id, u.actor_type::varchar,
                 u.entity_id, u.entity_type::varchar, u.payload, v_created, u.pos, u.v
            FROM unnest(v_in, v_versions, v_positions) AS u(n, id, event_type, occurred_at, actor_id, actor_type, entity_id,
                                                            entity_type, payload, expected_version, v, pos);
        RETURN;
      END IF;
    END IF;
  END IF;

  -- One probe per event, in one snapshot: an id already in the log with other content (or in
  -- another org) is a clash; the first occurrence of an id not in the log is inserted, with the
  -- entity's current version (an index probe) plus its rank among the request's events.
  WITH probed AS (
    SELECT x.n, x.entity_type, x.entity_id,
           old.id IS NOT NULL AND (old.org_id, old.event_type::text, old.occurred_at, old.actor_id, old.actor_type::text,
                                   old.primary_entity_id, old.primary_entity_type::text, old.payload)
             IS DISTINCT FROM (p_org, x.event_type, x.occurred_at, x.actor_id, x.actor_type, x.entity_id, x.entity_type, x.payload)
             AS clash,
           old.id IS NULL AND x.n = min(x.n) OVER (PARTITION BY x.id) AS fresh
      FROM unnest(v_in) x
      LEFT JOIN LATERAL (SELECT e.id, e.org_id, e.event_type, e.occurred_at, e.actor_id, e.actor_type, e.primary_entity_id,
                                e.primary_entity_type, e.payload
                           FROM system_events e WHERE e.id = x.id LIMIT 1) old ON true),
  -- The entity's current version is probed once per entity (at its first fresh event), not once
  -- per event: a batch to one entity probes once instead of once per event.
  ranked AS (
    SELECT p.n, p.entity_type, p.entity_id,
           row_number() OVER (PARTITION BY p.entity_type, p.entity_id ORDER BY p.n) AS k
      FROM probed p WHERE p.fresh),
  numbered AS (
    SELECT r.n,
           (max(CASE WHEN r.k = 1 THEN COALESCE((SELECT max(e.entity_version) FROM system_events e
                                                  WHERE e.org_id = p_org AND e.primary_entity_type = r.entity_type
                                                    AND e.primary_entity_id = r.entity_id), 0) END)
              OVER (PARTITION BY r.entity_type, r.entity_id) + r.k)::int AS version
      FROM ranked r)
  SELECT (SELECT min(p.n) FROM probed p WHERE p.clash),
         (SELECT array_agg(u.n ORDER BY u.n) FROM numbered u),
         (SELECT array_agg(u.version ORDER BY u.n) FROM numbered u)
    INTO v_existing, v_ns, v_versions;

  -- An id twice in the request with other content.
  IF cardinality(v_in) > 1 THEN
    SELECT min(b.n) INTO v_twin
      FROM unnest(v_in) a JOIN unnest(v_in) b ON a.id = b.id AND a.n < b.n
     WHERE (a.event_type, a.occurred_at, a.actor_id, a.actor_type, a.entity_id, a.entity_type, a.payload)
           IS DISTINCT FROM (b.event_type, b.occurred_at, b.actor_id, b.actor_type, b.entity_id, b.entity_type, b.payload);
  END IF;

  SELECT u.n, u.v - 1 AS before, x.expected_version INTO v_exp
    FROM unnest(v_ns, v_versions) AS u(n, v) JOIN unnest(v_in) x ON x.n = u.n
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

  -- Some event is not new (a duplicate, or an id twice in the request): insert the new ones.
  WITH ins AS (
    INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                               primary_entity_type, payload, entity_version)
    SELECT x.id, p_org, x.event_type, x.occurred_at, x.actor_id, x.actor_type, x.entity_id, x.entity_type, x.payload, u.v
      FROM unnest(v_ns, v_versions) AS u(n, v) JOIN unnest(v_in) x ON x.n = u.n
     ORDER BY u.n
    RETURNING system_events.id)
  SELECT array_agg(ins.id) INTO v_inserted FROM ins;

  -- Again, now that every id is in the log: a writer of another entity may have committed one of
  -- our ids after the probe (each statement sees a new snapshot), and the plan then took our
  -- event for a duplicate of theirs. Raising here rolls our inserts back with the call.
  v_existing := calm_append_first_clash(p_org, v_in);
  IF v_existing IS NOT NULL THEN
    RAISE EXCEPTION 'calm_append_conflict' USING ERRCODE = 'P0001',
      DETAIL = json_build_object('n', v_existing, 'kind', 'exists', 'current', NULL, 'given', NULL)::text;
  END IF;

  RETURN QUERY
    SELECT x.n, NOT (e.id = ANY(COALESCE(v_inserted, '{}')) AND x.n = x.first_n), e.id, e.org_id, e.event_type,
           e.occurred_at, e.actor_id, e.actor_type, e.primary_entity_id, e.primary_entity_type, e.payload,
           e.created_at, e."position", e.entity_version
      FROM (SELECT y.*, min(y.n) OVER (PARTITION BY y.id) AS first_n FROM unnest(v_in) y) x
      CROSS JOIN LATERAL (SELECT e.* FROM system_events e WHERE e.id = x.id LIMIT 1) e
     ORDER BY x.n;
END;
$$;

-- The previous signature (one JSON document of events, each with its n), for instances still
-- running the code before version 6 while a deploy rolls out: the same function underneath.
CREATE OR REPLACE FUNCTION calm_append_events(p_org uuid, p_events jsonb)
RETURNS TABLE (n int, duplicate boolean, id uuid, org_id uuid, event_type varchar, occurred_at timestamptz,
               actor_id uuid, actor_type varchar, primary_entity_id uuid, primary_entity_type varchar,
               payload jsonb, created_at timestamptz, "position" bigint, entity_version int)
LANGUAGE sql AS $$
  SELECT f.*
    FROM (SELECT array_agg(x.id ORDER BY x.n) AS ids, array_agg(x.event_type ORDER BY x.n) AS event_types,
                 array_agg(x.occurred_at ORDER BY x.n) AS occurred_at, array_agg(x.actor_id ORDER BY x.n) AS actor_ids,
                 array_agg(x.actor_type ORDER BY x.n) AS actor_types, array_agg(x.entity_id ORDER BY x.n) AS entity_ids,
                 array_agg(x.entity_type ORDER BY x.n) AS entity_types, jsonb_agg(x.payload ORDER BY x.n) AS payloads,
                 array_agg(x.expected_version ORDER BY x.n) AS expected_versions
            FROM jsonb_to_recordset(p_events) AS x(n int, id uuid, event_type text, occurred_at timestamptz,
                 actor_id uuid, actor_type text, entity_id uuid, entity_type text, payload jsonb, expected_version int)) r
   CROSS JOIN LATERAL calm_append_events(p_org, r.ids, r.event_types, r.occurred_at, r.actor_ids, r.actor_types,
                                         r.entity_ids, r.entity_types, r.payloads, r.expected_versions) f
$$;

ALTER FUNCTION calm_append_events(uuid, uuid[], text[], timestamptz[], uuid[], text[], uuid[], text[], jsonb, int[])
  SET plan_cache_mode = force_generic_plan;
