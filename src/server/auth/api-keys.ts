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

type KeyOwner = { orgId: string; keyId: string };

/**
 * Machines call with the same key thousands of times a minute; a short cache saves a database
 * round trip per request. A revoked key therefore stops working within KEY_CACHE_MS.
 */
export const KEY_CACHE_MS = 10_000;
const cache = new Map<string, { owner: KeyOwner | null; until: number }>();

/** The org an API key belongs to, or null when unknown or revoked. */
export async function orgForApiKey(db: pg.Pool, key: string, now = Date.now()): Promise<KeyOwner | null> {
  if (!key.startsWith(PREFIX) || key.length > 100) return null;
  const hash = hashApiKey(key);
  const hit = cache.get(hash);
  if (hit && hit.until > now) return hit.owner;
  const res = await db.query<{ org_id: string; id: string }>(
    "SELECT org_id, id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    [hash],
  );
  const row = res.rows[0];
  const owner = row ? { orgId: row.org_id, keyId: row.id } : null;
  // Only known keys are cached: random guesses must not grow the map.
  if (owner) {
    if (cache.size >= 10_000) cache.clear();
    cache.set(hash, { owner, until: now + KEY_CACHE_MS });
  }
  return owner;
}

/** Revokes a key at once in this process (other processes notice within KEY_CACHE_MS). */
export async function revokeApiKey(db: pg.Pool, orgId: string, keyId: string): Promise<void> {
  await db.query("UPDATE api_keys SET revoked_at = now() WHERE org_id = $1 AND id = $2", [orgId, keyId]);
  for (const [hash, entry] of cache) if (entry.owner?.keyId === keyId) cache.delete(hash);
}
