import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import { type SessionPolicy, judgeSession, needsTouch, sessionExpiry, sessionPolicy } from "~/domain/auth/session-lifetime";
import { env } from "~/env";
import { sharedTtlCache } from "./ttl-cache";

/** Who a live session signs in. */
export type SessionUser = { userId: string; orgId: string; name: string };

/**
 * Each process checks a session against the database at most once a second: a sign-out, a
 * "sign out everywhere", a disabled or deleted user or org stops the session on every instance
 * within a second (and at once on the instance that did it).
 */
export const SESSION_CACHE_MS = 1000;
const cache = sharedTtlCache<SessionUser | null>("sessions", { ttlMs: SESSION_CACHE_MS });

export const policyFromEnv = (): SessionPolicy => sessionPolicy(env.SESSION_IDLE_DAYS, env.SESSION_MAX_DAYS);

/** The id is 256 random bits; the database keeps only its SHA-256. */
const hashSid = (sid: string) => createHash("sha256").update(sid, "utf8").digest("hex");
const SID = /^[A-Za-z0-9_-]{43}$/;

/** Starts a session for a user who just proved their password; returns the id the cookie carries. */
export async function startSession(db: pg.Pool, user: { userId: string; orgId: string }, now = new Date(), policy = policyFromEnv()): Promise<string> {
  const sid = randomBytes(32).toString("base64url");
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, org_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`,
    [hashSid(sid), user.userId, user.orgId, now, sessionExpiry(now, policy)],
  );
  // The user's ended sessions go now: the table holds live sessions and those that just ended.
  await db.query(
    `DELETE FROM sessions WHERE user_id = $1 AND (revoked_at IS NOT NULL OR expires_at <= $2 OR last_seen_at <= $2 - make_interval(secs => $3))`,
    [user.userId, now, policy.idleMs / 1000],
  );
  return sid;
}

/**
 * The user a session id signs in at `now`, or null: unknown, revoked, past its absolute or idle
 * lifetime, or its user disabled or gone, or its org gone. Moves last_seen_at at most once a minute.
 */
export async function findSession(db: pg.Pool, sid: string, now = new Date(), policy = policyFromEnv()): Promise<SessionUser | null> {
  if (!SID.test(sid)) return null;
  const hash = hashSid(sid);
  const cached = cache.get(hash, now.getTime());
  if (cached !== undefined) return cached;
  const res = await db.query<{ user_id: string; org_id: string; name: string; last_seen_at: Date; expires_at: Date; revoked_at: Date | null }>(
    `SELECT s.user_id, s.org_id, u.name, s.last_seen_at, s.expires_at, s.revoked_at
       FROM sessions s
       JOIN users u ON u.id = s.user_id AND u.org_id = s.org_id AND u.disabled_at IS NULL
       JOIN orgs o ON o.id = s.org_id
      WHERE s.id_hash = $1`,
    [hash],
  );
  const row = res.rows[0];
  const alive = row && judgeSession({ lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, revokedAt: row.revoked_at }, now, policy) === "active";
  const user = alive ? { userId: row.user_id, orgId: row.org_id, name: row.name } : null;
  if (alive && needsTouch(row.last_seen_at, now)) {
    await db.query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at < $2", [hash, now]);
  }
  cache.set(hash, user, now.getTime());
  return user;
}

/** Ends one session (sign-out): on this instance at once, on the others within SESSION_CACHE_MS. */
export async function endSession(db: pg.Pool, sid: string, now = new Date()): Promise<void> {
  if (!SID.test(sid)) return;
  const hash = hashSid(sid);
  await db.query("UPDATE sessions SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL", [hash, now]);
  cache.delete(hash);
}

/** Ends every session of a user ("sign out of all devices", a disabled user); returns how many were live. */
export async function endAllSessions(db: pg.Pool, userId: string, now = new Date()): Promise<number> {
  const res = await db.query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL", [userId, now]);
  cache.deleteWhere((u) => u?.userId === userId);
  return res.rowCount ?? 0;
}
