-- loops.summary's totals kept rather than counted: the active loops of open_loops per org, type
-- and severity, written by the projector in the statement that writes open_loops (loop-store.ts,
-- countsPart). Counting them at each read took p95 235 ms at 10M events (bench:scale, the largest org).
CREATE TABLE "loop_counts" (
    "org_id" UUID NOT NULL,
    "type" VARCHAR(32) NOT NULL,
    "severity" VARCHAR(16) NOT NULL,
    "n" BIGINT NOT NULL,

    CONSTRAINT "loop_counts_pkey" PRIMARY KEY ("org_id", "type", "severity")
);

INSERT INTO "loop_counts" ("org_id", "type", "severity", "n")
SELECT "org_id", "type", "severity", count(*) FROM "open_loops" WHERE "status" = 'active' GROUP BY 1, 2, 3;

-- The rebuild's shadow (shadow-tables.ts), kept by the same writes as open_loops_rebuild, so counted
-- from it too (a rebuild under way goes on). Its primary key bears the name the rebuild gives the
-- live one's copy, which the swap renames.
CREATE TABLE "loop_counts_rebuild" (LIKE "loop_counts" INCLUDING ALL EXCLUDING INDEXES);
ALTER TABLE "loop_counts_rebuild" ADD CONSTRAINT "loop_counts_pkey_rebuilt" PRIMARY KEY ("org_id", "type", "severity");

INSERT INTO "loop_counts_rebuild" ("org_id", "type", "severity", "n")
SELECT "org_id", "type", "severity", count(*) FROM "open_loops_rebuild" WHERE "status" = 'active' GROUP BY 1, 2, 3;

-- The loops snoozed at the summary's `now`, taken off the kept totals, counted from the index
-- alone: the running snoozes only (snoozed_until > now, a range of it), with their type and
-- severity, rather than every snoozed loop's row (idx_open_loops_active_snoozed, ordered for lists,
-- costs a heap visit each). Partial: only snoozed loops pay for it.
CREATE INDEX "idx_open_loops_snoozed_counts" ON "open_loops"("org_id", "snoozed_until") INCLUDE ("type", "severity")
  WHERE "status" = 'active' AND "snoozed_until" IS NOT NULL;
