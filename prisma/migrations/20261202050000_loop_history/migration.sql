-- The org-wide time machine (docs/time-machine.md): every version of every entity's loops, on
-- both time bases, each valid from one of the entity's event instants until the next
-- ([valid_from, valid_to), 'infinity' for the current one). Derived from the log by its own
-- subscriber ("loop-history"); severity, snooze and an invoice falling due are decided at query time.
CREATE TABLE "loop_history" (
    "org_id" UUID NOT NULL,
    "basis" VARCHAR(8) NOT NULL,
    "entity_type" VARCHAR(32) NOT NULL,
    "entity_id" UUID NOT NULL,
    "valid_from" TIMESTAMPTZ(6) NOT NULL,
    "valid_to" TIMESTAMPTZ(6) NOT NULL,
    "loop_id" UUID NOT NULL,
    "type" VARCHAR(32) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "closed_at" TIMESTAMPTZ(6),
    "snoozed_until" TIMESTAMPTZ(6),
    "visible_from" TIMESTAMPTZ(6),
    "record" JSONB NOT NULL,

    CONSTRAINT "loop_history_pkey" PRIMARY KEY ("org_id", "entity_type", "entity_id", "basis", "valid_from", "loop_id")
);

-- "As of T": the versions still valid at T are the ones ending after it (few for a recent T).
CREATE INDEX "idx_loop_history_at" ON "loop_history"("org_id", "basis", "status", "valid_to", "valid_from");
