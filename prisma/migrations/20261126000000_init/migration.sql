
-- CreateTable
CREATE TABLE "orgs" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orgs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "password_hash" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "key_hash" CHAR(64) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "system_events" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "event_type" VARCHAR(64) NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "actor_id" UUID NOT NULL,
    "actor_type" VARCHAR(16) NOT NULL,
    "primary_entity_id" UUID NOT NULL,
    "primary_entity_type" VARCHAR(32) NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "position" BIGSERIAL NOT NULL,
    "tx_id" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "entity_version" INTEGER NOT NULL,

    CONSTRAINT "system_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_checkpoints" (
    "subscriber_id" VARCHAR(64) NOT NULL,
    "tx_id" xid8 NOT NULL,
    "position" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_checkpoints_pkey" PRIMARY KEY ("subscriber_id")
);

-- CreateTable
CREATE TABLE "open_loops" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "type" VARCHAR(32) NOT NULL,
    "entity_type" VARCHAR(32) NOT NULL,
    "entity_id" UUID NOT NULL,
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "severity" VARCHAR(16) NOT NULL,
    "suggested_action" VARCHAR(32) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "opened_by_event_id" UUID NOT NULL,
    "closed_by_event_id" UUID,
    "close_note" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "open_loops_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entities" (
    "org_id" UUID NOT NULL,
    "type" VARCHAR(32) NOT NULL,
    "id" UUID NOT NULL,
    "display_name" VARCHAR(300) NOT NULL,
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "last_position" BIGINT NOT NULL,
    "next_change_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entities_pkey" PRIMARY KEY ("org_id","type","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_org_id_idx" ON "users"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_org_id_idx" ON "api_keys"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "system_events_position_key" ON "system_events"("position");

-- CreateIndex
CREATE INDEX "idx_system_events_org_occurred" ON "system_events"("org_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "idx_system_events_entity" ON "system_events"("primary_entity_type", "primary_entity_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "idx_system_events_type_org" ON "system_events"("event_type", "org_id");

-- CreateIndex
CREATE UNIQUE INDEX "system_events_entity_version_key" ON "system_events"("org_id", "primary_entity_type", "primary_entity_id", "entity_version");

-- CreateIndex
CREATE INDEX "idx_open_loops_list" ON "open_loops"("org_id", "status", "due_at", "id");

-- CreateIndex
CREATE INDEX "idx_open_loops_entity" ON "open_loops"("org_id", "entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "idx_entities_next_change" ON "entities"("next_change_at");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: what schema.prisma cannot express.

-- Record-time range scans over an append-only table: BRIN stays tiny.
CREATE INDEX "idx_system_events_created_brin" ON "system_events" USING BRIN ("created_at");

-- Subscriptions read (tx_id, position) > checkpoint, below the oldest running transaction.
CREATE INDEX "idx_system_events_tx_position" ON "system_events" ("tx_id", "position");

-- Activity feed: an org's events newest first.
CREATE INDEX "idx_system_events_org_position" ON "system_events" ("org_id", "position" DESC);

ALTER TABLE "system_events"
  ADD CONSTRAINT "system_events_actor_type_check" CHECK ("actor_type" IN ('user', 'system', 'client')),
  ADD CONSTRAINT "system_events_entity_type_check" CHECK ("primary_entity_type" IN ('deal', 'invoice', 'client', 'followup')),
  ADD CONSTRAINT "system_events_entity_version_check" CHECK ("entity_version" >= 1);

-- The log is append-only: the application can never rewrite history.
CREATE FUNCTION "system_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'system_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "system_events_no_update_delete" BEFORE UPDATE OR DELETE ON "system_events"
  FOR EACH ROW EXECUTE FUNCTION "system_events_refuse_change"();
CREATE TRIGGER "system_events_no_truncate" BEFORE TRUNCATE ON "system_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "system_events_refuse_change"();

ALTER TABLE "open_loops"
  ADD CONSTRAINT "open_loops_status_check" CHECK ("status" IN ('active', 'dismissed', 'resolved')),
  ADD CONSTRAINT "open_loops_severity_check" CHECK ("severity" IN ('high', 'medium'));
