-- Two of the seed's indexes on system_events never earn their write cost (bench:scale at 10
-- million events, docs/benchmarks.md "what each index costs and earns"):
-- - idx_system_events_entity (primary_entity_type, primary_entity_id, occurred_at DESC): every
--   entity read is scoped by org first (org isolation), and system_events_entity_version_key
--   (org_id, primary_entity_type, primary_entity_id, entity_version) serves all of them. 0 scans
--   by every read path, the appends and the relay; 67 B and ~26 µs of a 500-row INSERT per event
--   (the costliest index of the table: its keys are random UUIDs).
-- - idx_system_events_type_org (event_type, org_id): no query filters by type without its org's
--   other indexes (search has its own expression indexes). 0 scans; 7 B per event.
-- With no reader, dropping them changes no answer, only the cost of every append.
DROP INDEX IF EXISTS "idx_system_events_entity";
DROP INDEX IF EXISTS "idx_system_events_type_org";

-- The BRIN index summarizes new page ranges only when asked: without autosummarize the newest
-- ranges (exactly what "recorded in the last hour" reads) stay unsummarized and are scanned whole
-- (0.6 → 17 ms after 500,000 appends in bench:scale). Autovacuum now summarizes them as they fill.
ALTER INDEX "idx_system_events_created_brin" SET (autosummarize = on);
