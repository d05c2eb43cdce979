import type pg from "pg";
import { getPool } from "../db/pool";
import { type SignedInUser, checkCredentials } from "./check-credentials";
import { clearFailures, isBlocked, recordFailure } from "./sign-in-attempts";

/**
 * Why a sign-in was refused. "wrong" stands for an unknown email and a wrong password alike: the
 * answer must not reveal which accounts exist.
 */
export type SignInRefusal = "missing" | "blocked" | "wrong";

export type SignInOutcome = { ok: true; user: SignedInUser } | { ok: false; reason: SignInRefusal; email: string };

/**
 * The sign-in form's check: the email normalized, both fields bounded, password guessing braked
 * per email (sign-in-attempts.ts), then the credential check. The caller sets the session.
 */
export async function signInWithPassword(form: { email: string; password: string }, db: pg.Pool = getPool()): Promise<SignInOutcome> {
  const email = form.email.trim().toLowerCase().slice(0, 320);
  const password = form.password.slice(0, 1000);
  if (!email || !password) return { ok: false, reason: "missing", email };
  if (isBlocked(email)) return { ok: false, reason: "blocked", email };
  const user = await checkCredentials(db, email, password);
  if (!user) {
    recordFailure(email);
    return { ok: false, reason: "wrong", email };
  }
  clearFailures(email);
  return { ok: true, user };
}
