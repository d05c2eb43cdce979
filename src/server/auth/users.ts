import type pg from "pg";
import { endAllSessions } from "./sessions";

/**
 * Disables (or enables again) a user by email: a disabled user cannot sign in, and their sessions
 * stop on the next request (the session check requires an enabled user); they are also ended, so
 * enabling the user again does not bring them back. Null: no such user.
 */
export async function setUserDisabled(db: pg.Pool, email: string, disabled: boolean, now = new Date()): Promise<{ userId: string; orgId: string; sessionsEnded: number } | null> {
  const res = await db.query<{ id: string; org_id: string }>(
    `UPDATE users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, $3) END WHERE email = $1 RETURNING id, org_id`,
    [email.trim().toLowerCase(), disabled, now],
  );
  const row = res.rows[0];
  if (!row) return null;
  const sessionsEnded = disabled ? await endAllSessions(db, row.id, now) : 0;
  return { userId: row.id, orgId: row.org_id, sessionsEnded };
}
