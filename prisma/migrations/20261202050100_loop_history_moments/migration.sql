-- loops.changes (src/server/loop-history/loop-changes.ts) finds the entities whose loops can have
-- changed in a window from the history alone: a version starting or ending in it (an event), or an
-- instant where time moves a loop (a due date, a snooze's end, an invoice falling due). One index
-- per kind of instant, the rare ones partial, so a window reads only its own rows.
CREATE INDEX "idx_loop_history_from" ON "loop_history"("org_id", "basis", "valid_from");
CREATE INDEX "idx_loop_history_due" ON "loop_history"("org_id", "basis", "due_at") WHERE "status" = 'active';
CREATE INDEX "idx_loop_history_snoozed" ON "loop_history"("org_id", "basis", "snoozed_until") WHERE "snoozed_until" IS NOT NULL;
CREATE INDEX "idx_loop_history_visible" ON "loop_history"("org_id", "basis", "visible_from") WHERE "visible_from" IS NOT NULL;
