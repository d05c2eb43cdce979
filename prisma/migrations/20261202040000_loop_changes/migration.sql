-- Loop notifications (issue 12, SPEC "Loop notifications"): the projector's outbox. Each change of
-- a loop (opened, escalated, snoozed, woke, closed, reopened) is written here in the transaction
-- that writes open_loops (the projector's batches and the scheduled tick; never a rebuild), and
-- the loop relay copies the rows to the Redis stream as kind=loop entries, exactly once, reading
-- them by (tx_id, position) below the log horizon as the event relay reads system_events.
-- id: deterministic (notification id: loop, change, instant, cause; time-ordered, UUIDv7's layout),
-- so a second path to the same change (the tick after a rebuild's swap, say) cannot write it twice.
-- caused_by_event_id NULL: time alone caused it (a due date passed, a snooze ran out).
CREATE TABLE "loop_changes" (
    "id" UUID NOT NULL,
    "loop_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "loop_type" VARCHAR(32) NOT NULL,
    "change" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "severity" VARCHAR(16) NOT NULL,
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "entity_type" VARCHAR(32) NOT NULL,
    "entity_id" UUID NOT NULL,
    "suggested_action" VARCHAR(32) NOT NULL,
    "caused_by_event_id" UUID,
    "changed_at" TIMESTAMPTZ(6) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "position" BIGSERIAL NOT NULL,
    "tx_id" xid8 NOT NULL DEFAULT pg_current_xact_id(),

    CONSTRAINT "loop_changes_pkey" PRIMARY KEY ("id")
);

-- The loop relay's read order (as system_events' (tx_id, position)).
CREATE UNIQUE INDEX "loop_changes_tx_id_position_key" ON "loop_changes"("tx_id", "position");
