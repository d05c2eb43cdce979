-- `npm run projections:rebuild` folds the log in two passes (src/server/projector/rebuild.ts): first
-- each entity's events below a cut (a transaction horizon taken when the pass begins), in entity
-- order, each entity folded whole and its rows inserted once; then the events from the cut on, in
-- log order, as the live projector does. This row is the first pass's progress while it runs (it is
-- deleted, in the transaction that sets the shadow's checkpoint to the cut, when the pass ends), so
-- that an interrupted rebuild resumes after the last entity it wrote. SQL only, like the shadow
-- tables (no model in schema.prisma: nothing but the rebuild reads it).
CREATE TABLE "projection_rebuild_progress" (
    "subscriber_id" VARCHAR(64) NOT NULL,
    "cut" xid8 NOT NULL,
    "after_org_id" UUID,
    "after_type" VARCHAR(32),
    "after_id" UUID,
    "folded" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projection_rebuild_progress_pkey" PRIMARY KEY ("subscriber_id")
);
