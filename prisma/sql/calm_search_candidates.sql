-- The substring candidates of entities.search (migration 20261202000000), planned with sequential
-- scans off: the planner cannot tell how selective a LIKE '%…%' is and, given a LIMIT, would scan
-- the whole log for a rare fragment instead of asking the trigram index.
CREATE FUNCTION calm_search_candidates(p_org uuid, p_pattern text, p_type text, p_limit int)
RETURNS TABLE (type text, id uuid)
LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off AS $$
  SELECT primary_entity_type::text, primary_entity_id FROM system_events
   WHERE org_id = p_org AND event_type IN ('lead_created', 'invoice_issued', 'client_created', 'client_updated')
     AND calm_search_text(event_type, payload) LIKE p_pattern AND (p_type IS NULL OR primary_entity_type = p_type)
   LIMIT p_limit
$$;
