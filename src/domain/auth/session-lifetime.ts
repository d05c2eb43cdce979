/** How long a session lives: unused for `idleMs` it ends (sliding); `maxMs` after sign-in it ends regardless. */
export type SessionPolicy = { idleMs: number; maxMs: number };

const DAY = 24 * 60 * 60_000;
export const sessionPolicy = (idleDays: number, maxDays: number): SessionPolicy => ({ idleMs: idleDays * DAY, maxMs: maxDays * DAY });

/** last_seen_at is written at most this often: enough for a 7-day idle limit, and few writes. */
export const TOUCH_EVERY_MS = 60_000;

export type SessionTimes = { lastSeenAt: Date; expiresAt: Date; revokedAt: Date | null };

export type SessionVerdict = "active" | "revoked" | "expired" | "idle";

/** Whether a stored session still signs its holder in at `now`. */
export function judgeSession(s: SessionTimes, now: Date, policy: SessionPolicy): SessionVerdict {
  if (s.revokedAt) return "revoked";
  if (now.getTime() >= s.expiresAt.getTime()) return "expired";
  if (now.getTime() - s.lastSeenAt.getTime() >= policy.idleMs) return "idle";
  return "active";
}

/** The absolute end of a session started at `now`. */
export const sessionExpiry = (now: Date, policy: SessionPolicy): Date => new Date(now.getTime() + policy.maxMs);

/** Whether this use should move last_seen_at (at most once per TOUCH_EVERY_MS). */
export const needsTouch = (lastSeenAt: Date, now: Date): boolean => now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS;
