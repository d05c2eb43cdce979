import { createHash, randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";
import { sharedTtlCache } from "./ttl-cache";

const PREFIX = "calm_";

/** A new high-entropy key (256 bits); only its SHA-256 is ever stored. */
export function generateApiKey(): { key: string; hash: string; prefix: string } {
  const key = PREFIX + randomBytes(32).toString("base64url");
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 12) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export type KeyOwner = { orgId: string; keyId: string; scopes: readonly string[] };

/**
 * Machines call with the same key thousands of times a minute; a short cache saves a database
 * round trip per request. A key revoked anywhere (another instance, `npm run key:revoke`, SQL)
 * therefore stops working within KEY_CACHE_MS on every instance, at once on the one that revoked it.
 */
export const KEY_CACHE_MS = 1000;
const defaultCache = sharedTtlCache<KeyOwner>("api-keys", { ttlMs: KEY_CACHE_MS });

/** The org an API key belongs to, or null when unknown or revoked. `cache` is the process's own (tests pass another to act as a second instance). */
export async function orgForApiKey(db: pg.Pool, key: string, now = Date.now(), cache = defaultCache): Promise<KeyOwner | null> {
  if (!key.startsWith(PREFIX) || key.length > 100) return null;
  const hash = hashApiKey(key);
  const hit = cache.get(hash, now);
  if (hit) return hit;
  const res = await db.query<{ org_id: string; id: string; scopes: string[] }>(
    "SELECT org_id, id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    [hash],
  );
  const row = res.rows[0];
  const owner = row ? { orgId: row.org_id, keyId: row.id, scopes: row.scopes } : null;
  // Only known keys are cached: random guesses must not grow the map.
  if (owner) cache.set(hash, owner, now);
  return owner;
}

/** Revokes a key: at once in this process, within KEY_CACHE_MS in the others. False when the org has no such live key. */
export async function revokeApiKey(db: pg.Pool, orgId: string, keyId: string, cache = defaultCache): Promise<boolean> {
  const res = await db.query("UPDATE api_keys SET revoked_at = now() WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL", [orgId, keyId]);
  cache.deleteWhere((owner) => owner.keyId === keyId);
  return (res.rowCount ?? 0) > 0;
}

/** A new key for an org (`npm run key:create`); the key is returned once and only its hash stored. Null: no such org. */
export async function issueApiKey(db: pg.Pool, opts: { orgId: string; name: string; scopes: readonly string[] }): Promise<{ keyId: string; key: string } | null> {
  const { key, hash, prefix } = generateApiKey();
  const keyId = randomUUID();
  const res = await db.query(
    "INSERT INTO api_keys (id, org_id, name, key_hash, prefix, scopes) SELECT $1, o.id, $3, $4, $5, $6 FROM orgs o WHERE o.id = $2",
    [keyId, opts.orgId, opts.name, hash, prefix, opts.scopes],
  );
  return res.rowCount ? { keyId, key } : null;
}
