-- Accounts that can be ended (issue 8): server-side sessions, disabled users, API key scopes, and
-- the sign-in throttle every instance shares.

-- A disabled user cannot sign in, and their sessions stop on the next request.
ALTER TABLE "users" ADD COLUMN "disabled_at" TIMESTAMPTZ(6);

-- What a key may do. Acting as a user (actor type "user") needs an explicit scope, for imports.
ALTER TABLE "api_keys" ADD COLUMN "scopes" TEXT[] NOT NULL DEFAULT '{read,append,loops:write}';

-- One row per sign-in. The cookie carries the session id sealed; only its SHA-256 is stored, so a
-- copy of this table signs nobody in. A row is alive while not revoked, before expires_at
-- (absolute lifetime) and within the idle lifetime of last_seen_at; the user and org must exist
-- and the user must not be disabled (checked on each request, cached at most a second).
CREATE TABLE "sessions" (
    "id_hash" CHAR(64) NOT NULL,
    "user_id" UUID NOT NULL,
    "org_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id_hash")
);
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Failed sign-ins per client IP and per (account, IP), seen by every instance. The key is a
-- SHA-256 of what it counts (no emails or addresses at rest); not_before is when the next attempt
-- may be checked (growing delays, src/domain/auth/throttle.ts).
CREATE TABLE "sign_in_throttle" (
    "key" CHAR(64) NOT NULL,
    "failures" INTEGER NOT NULL,
    "last_failure_at" TIMESTAMPTZ(6) NOT NULL,
    "not_before" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "sign_in_throttle_last_failure_at_idx" ON "sign_in_throttle"("last_failure_at");
