import type pg from "pg";
import type { Caller } from "../auth/credentials";
import { keyActorName } from "./people";

/** The names the header shows: the org's, and the signed-in user's (or the API key's). */
export type Identity = { orgName: string; userName: string };

/** The caller's identity; null when the account (or the key) no longer exists in that org. */
export async function identityOf(db: pg.Pool, caller: Caller): Promise<Identity | null> {
  if (caller.kind === "apiKey") {
    const res = await db.query<{ org_name: string; key_name: string }>(
      "SELECT o.name AS org_name, k.name AS key_name FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE k.id = $1 AND o.id = $2",
      [caller.keyId, caller.orgId],
    );
    const r = res.rows[0];
    return r ? { orgName: r.org_name, userName: keyActorName(r.key_name) } : null;
  }
  const res = await db.query<{ org_name: string; user_name: string }>(
    "SELECT o.name AS org_name, u.name AS user_name FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1 AND o.id = $2",
    [caller.userId, caller.orgId],
  );
  const r = res.rows[0];
  return r ? { orgName: r.org_name, userName: r.user_name } : null;
}
