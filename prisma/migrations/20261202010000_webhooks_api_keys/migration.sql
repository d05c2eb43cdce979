-- Integrations (issue 12): API keys managed in the UI, per-key rate limits, and per-org webhook
-- endpoints with their deliveries, delivery log and the dispatcher's checkpoint.

-- Who created a key (null: a script, or a user since deleted) and when it last authenticated a
-- request (moved at most once a minute per key).
ALTER TABLE "api_keys" ADD COLUMN "created_by" UUID;
ALTER TABLE "api_keys" ADD COLUMN "last_used_at" TIMESTAMPTZ(6);
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Requests per API key, counted by rate-limiter-flexible's Postgres store when no Redis is
-- configured (its own table layout: key, points, expire in epoch milliseconds).
CREATE TABLE "api_key_rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "api_key_rate_limits_pkey" PRIMARY KEY ("key")
);

-- An org's webhook endpoint. event_types NULL: every event type, also those added later;
-- loop_changes: the loop notifications it wants (none by default). The signing secrets are
-- encrypted with WEBHOOK_SECRET_KEY (src/server/webhooks/secret-box.ts); during a rotation's
-- overlap the previous one signs too, until previous_secret_expires_at.
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "description" VARCHAR(500) NOT NULL DEFAULT '',
    "event_types" TEXT[],
    "loop_changes" TEXT[] NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secret_enc" TEXT NOT NULL,
    "previous_secret_enc" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(6),
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_endpoints_org_id_idx" ON "webhook_endpoints"("org_id");
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One message for one endpoint: a stream entry the dispatcher copied, a redelivery or a test.
-- Messages of one order_key (an entity) go out one at a time in id order. status: pending
-- (next_attempt_at says when; leased_until while a worker has it in flight), delivered, or dead
-- (after DELIVERY_MAX_ATTEMPTS: the endpoint's dead letters, redeliverable).
CREATE TABLE "webhook_deliveries" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY,
    "endpoint_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "message_id" VARCHAR(100) NOT NULL,
    "type" VARCHAR(100) NOT NULL,
    "order_key" VARCHAR(100) NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "data" JSONB NOT NULL,
    "source_id" VARCHAR(40),
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "leased_until" TIMESTAMPTZ(6),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "finished_at" TIMESTAMPTZ(6),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries"("endpoint_id", "id") WHERE "status" = 'pending';
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries"("next_attempt_at") WHERE "status" = 'pending';
CREATE INDEX "webhook_deliveries_finished_idx" ON "webhook_deliveries"("finished_at") WHERE "status" <> 'pending';
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The delivery log: each POST's outcome (bounded: src/server/webhooks/retention.ts).
CREATE TABLE "webhook_attempts" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY,
    "endpoint_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status_code" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "error" VARCHAR(500),
    "ok" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),

    CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_attempts_endpoint_idx" ON "webhook_attempts"("endpoint_id", "id");
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts"("delivery_id");
CREATE INDEX "webhook_attempts_at_idx" ON "webhook_attempts"("at");
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- How far the dispatcher has copied a stream into deliveries: the last stream entry id, moved in
-- the transaction that inserts the deliveries (each entry fans out exactly once).
CREATE TABLE "webhook_dispatch_checkpoints" (
    "stream" VARCHAR(200) NOT NULL,
    "last_id" VARCHAR(40) NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),

    CONSTRAINT "webhook_dispatch_checkpoints_pkey" PRIMARY KEY ("stream")
);
