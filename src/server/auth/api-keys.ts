import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";

const PREFIX = "calm_";

/** A new high-entropy key (256 bits); only its SHA-256 is ever stored. */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = PREFIX + randomBytes(32).toString("base64url");
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 12) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The org an API key belongs to, or null when unknown or revoked. */
export async function orgForApiKey(db: pg.Pool, key: string): Promise<{ orgId: string; keyId: string } | null> {
  if (!key.startsWith(PREFIX) || key.length > 100) return null;
  const res = await db.query<{ org_id: string; id: string }>(
    "SELECT org_id, id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    [hashApiKey(key)],
  );
  const row = res.rows[0];
  return row ? { orgId: row.org_id, keyId: row.id } : null;
}
