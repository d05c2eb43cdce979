-- What entities.search matches in a naming event (migration 20261202000000): a lead's name, an
-- invoice's number, a client's name and email, lower-cased. Indexed by trigram and by prefix.
CREATE FUNCTION calm_search_text(event_type text, payload jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(CASE event_type
    WHEN 'invoice_issued' THEN coalesce(payload->>'number', '')
    WHEN 'lead_created' THEN coalesce(payload->>'name', '')
    ELSE coalesce(payload->>'name', '') || ' ' || coalesce(payload->>'email', '')
  END)
$$;
