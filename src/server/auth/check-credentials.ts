import type pg from "pg";
import { isStorableText } from "~/domain/events";
import { hashPassword, verifyPassword } from "./passwords";

export type SignedInUser = { userId: string; orgId: string; name: string };

let dummyHash: Promise<string> | undefined;

/**
 * The user whose email and password match (with whether the account is disabled), or null. An
 * unknown email still costs one bcrypt comparison, so the answer time does not tell which emails
 * have accounts.
 */
export async function checkCredentials(db: pg.Pool, email: string, password: string): Promise<(SignedInUser & { disabled: boolean }) | null> {
  // An email Postgres cannot even hold (a NUL, a lone surrogate) names no account: not a query (a 500; found by the fuzz suite).
  const res = isStorableText(email)
    ? await db.query<{ id: string; org_id: string; name: string; password_hash: string; disabled: boolean }>(
        "SELECT id, org_id, name, password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE email = $1",
        [email.trim().toLowerCase()],
      )
    : { rows: [] };
  const row = res.rows[0];
  const hash = row?.password_hash ?? (await (dummyHash ??= hashPassword("no account has this password")));
  const ok = await verifyPassword(password, hash);
  return row && ok ? { userId: row.id, orgId: row.org_id, name: row.name, disabled: row.disabled } : null;
}
