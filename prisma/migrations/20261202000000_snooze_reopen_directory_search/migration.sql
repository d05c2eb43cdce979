-- Issue 13: loop snooze and reopen, the entity directory, and search.

-- A loop's snooze (set while it is snoozed as derived; null otherwise) and the loop_reopened that
-- last brought it back. The rebuild's shadow table keeps the same columns in the same order (its
-- swap copies rows with SELECT *).
ALTER TABLE "open_loops" ADD COLUMN "snoozed_until" TIMESTAMPTZ(6);
ALTER TABLE "open_loops" ADD COLUMN "reopened_by_event_id" UUID;
ALTER TABLE "open_loops_rebuild" ADD COLUMN "snoozed_until" TIMESTAMPTZ(6);
ALTER TABLE "open_loops_rebuild" ADD COLUMN "reopened_by_event_id" UUID;

-- loops.list({ snoozed: 'only' }): the few snoozed loops, without walking every active one.
CREATE INDEX "idx_open_loops_active_snoozed" ON "open_loops"("org_id", "due_at", "id")
  WHERE "status" = 'active' AND "snoozed_until" IS NOT NULL;

-- entities.list: an org's entities by recent activity (the position of their latest event),
-- one type at a time (the list of all types merges the four). One B-tree entry per entity write.
CREATE INDEX "idx_entities_activity" ON "entities"("org_id", "type", "last_position" DESC);

-- entities.search: by name, invoice number and client email, read from the events that give them
-- (personal data stays in payloads, so erasing a payload erases its index entries). Indexing the
-- log, not the entity read model: the few naming events are indexed once, when appended, while an
-- entity row is rewritten on every event of its entity (a GIN index there cost +30% per write).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION calm_search_text(event_type text, payload jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(CASE event_type
    WHEN 'invoice_issued' THEN coalesce(payload->>'number', '')
    WHEN 'lead_created' THEN coalesce(payload->>'name', '')
    ELSE coalesce(payload->>'name', '') || ' ' || coalesce(payload->>'email', '')
  END)
$$;

-- Substrings (three characters or more) by trigram; prefixes (one or two characters) in order, per org.
CREATE INDEX "idx_system_events_search_trgm" ON "system_events"
  USING gin (calm_search_text("event_type", "payload") gin_trgm_ops)
  WHERE "event_type" IN ('lead_created', 'invoice_issued', 'client_created', 'client_updated');
CREATE INDEX "idx_system_events_search_prefix" ON "system_events"("org_id", calm_search_text("event_type", "payload") text_pattern_ops)
  WHERE "event_type" IN ('lead_created', 'invoice_issued', 'client_created', 'client_updated');

-- The substring candidates of entities.search, planned with sequential scans off: the planner
-- cannot tell how selective a LIKE '%…%' is (it assumes some 3,600 rows in 100,000) and, given a
-- LIMIT, would scan the whole log for a rare fragment (150 ms at 100,000 entities) instead of
-- asking the trigram index (1 ms).
CREATE FUNCTION calm_search_candidates(p_org uuid, p_pattern text, p_type text, p_limit int)
RETURNS TABLE (type text, id uuid)
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off AS $$
  SELECT primary_entity_type::text, primary_entity_id FROM system_events
   WHERE org_id = p_org AND event_type IN ('lead_created', 'invoice_issued', 'client_created', 'client_updated')
     AND calm_search_text(event_type, payload) LIKE p_pattern AND (p_type IS NULL OR primary_entity_type = p_type)
   LIMIT p_limit
$$;
