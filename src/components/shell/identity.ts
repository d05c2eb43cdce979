// Server only: imported by the root layout (a server component).
import { getPool } from "~/server/db/pool";

export type Identity = { orgName: string; userName: string };

/** The names the header shows for the signed-in user; null when the account no longer exists. */
export async function loadIdentity(userId: string, orgId: string): Promise<Identity | null> {
  const res = await getPool().query<{ org_name: string; user_name: string }>(
    "SELECT o.name AS org_name, u.name AS user_name FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = $1 AND o.id = $2",
    [userId, orgId],
  );
  const r = res.rows[0];
  return r ? { orgName: r.org_name, userName: r.user_name } : null;
}
