import type pg from "pg";
import { sharedTtlCache } from "./ttl-cache";

/** last_used_at moves at most this often per key: a key used 1,000 times a second costs one write a minute. */
export const KEY_USE_RESOLUTION_MS = 60_000;

const touched = sharedTtlCache<true>("api-key-used", { ttlMs: KEY_USE_RESOLUTION_MS });

/**
 * Records that a key authenticated a request (Settings → API keys shows "last used"): once a
 * minute per key per process, and the WHERE keeps other instances from writing it more often.
 */
export async function noteKeyUse(db: pg.Pool, keyId: string, now: Date, cache = touched): Promise<void> {
  if (cache.get(keyId, now.getTime())) return;
  cache.set(keyId, true, now.getTime());
  await db.query(
    "UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $2::timestamptz - make_interval(secs => $3))",
    [keyId, now, KEY_USE_RESOLUTION_MS / 1000],
  );
}
