-- loops.list filtered by severity or type: with the list index alone, a filter whose rows sit late
-- in due order walks the org's whole active range (350 ms at 100,000 active loops in the bench).
-- CreateIndex
CREATE INDEX "idx_open_loops_list_severity" ON "open_loops"("org_id", "status", "severity", "due_at", "id");

-- CreateIndex
CREATE INDEX "idx_open_loops_list_type" ON "open_loops"("org_id", "status", "type", "due_at", "id");
