-- Indexes that only the live part of the projection needs, kept to that part. Most rows of
-- open_loops and entities are closed history, and every index a projector write touches costs
-- (bench:projector's catch-up writes ~1.3 rows per event).
--
-- The severity and type filters of loops.list serve the dashboard, which lists active loops: only
-- active loops are indexed for them now. A filtered list of closed loops uses idx_open_loops_list.
DROP INDEX "idx_open_loops_list_severity";
DROP INDEX "idx_open_loops_list_type";
CREATE INDEX "idx_open_loops_active_severity" ON "open_loops"("org_id", "severity", "due_at", "id") WHERE "status" = 'active';
CREATE INDEX "idx_open_loops_active_type" ON "open_loops"("org_id", "type", "due_at", "id") WHERE "status" = 'active';

-- The tick looks for entities whose next time-based change is due; an entity with none (all its
-- loops closed or past due) needs no entry.
DROP INDEX "idx_entities_next_change";
CREATE INDEX "idx_entities_next_change" ON "entities"("next_change_at") WHERE "next_change_at" IS NOT NULL;
