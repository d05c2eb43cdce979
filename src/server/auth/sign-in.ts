import type pg from "pg";
import { getPool } from "../db/pool";
import { type SignedInUser, checkCredentials } from "./check-credentials";
import { startSession } from "./sessions";
import { confirmAttempt, reserveAttempt } from "./sign-in-throttle";

/**
 * Why a sign-in was refused. "wrong" stands for an unknown email and a wrong password alike: the
 * answer must not reveal which accounts exist. "disabled" is said only to whoever knows the password.
 */
export type SignInRefusal = "missing" | "throttled" | "wrong" | "disabled";

export type SignInOutcome =
  | { ok: true; user: SignedInUser; sid: string }
  | { ok: false; reason: SignInRefusal; email: string; retryAfterSeconds?: number };

/**
 * The sign-in check: the email normalized, both fields bounded, attempts throttled per client and
 * per (account, client) with growing delays (sign-in-throttle.ts), then the credential check and,
 * when it passes, a new server-side session whose id the caller puts in the cookie.
 */
export async function signInWithPassword(
  form: { email: string; password: string },
  client: { ip: string },
  db: pg.Pool = getPool(),
  now = new Date(),
): Promise<SignInOutcome> {
  const email = form.email.trim().toLowerCase().slice(0, 320);
  const password = form.password.slice(0, 1000);
  if (!email || !password) return { ok: false, reason: "missing", email };
  const who = { email, ip: client.ip };
  const reservation = await reserveAttempt(db, who, now);
  if (!reservation.ok) return { ok: false, reason: "throttled", email, retryAfterSeconds: Math.ceil(reservation.retryAfterMs / 1000) };
  const user = await checkCredentials(db, email, password);
  if (!user) return { ok: false, reason: "wrong", email };
  await confirmAttempt(db, who, now);
  if (user.disabled) return { ok: false, reason: "disabled", email };
  const sid = await startSession(db, user, now);
  return { ok: true, user: { userId: user.userId, orgId: user.orgId, name: user.name }, sid };
}
