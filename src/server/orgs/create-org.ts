import { randomBytes } from "node:crypto";
import type pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { generateApiKey } from "../auth/api-keys";
import { hashPassword } from "../auth/passwords";
import { DEFAULT_KEY_SCOPES } from "../auth/scopes";
import { withTransaction } from "../db/transaction";

export type CreatedOrg = { orgId: string; userId: string; apiKey: string; keyId: string; email: string; password: string };

/** Creates an org with its first user and API key. The key and password are returned once, never stored. */
export async function createOrg(
  db: pg.Pool,
  opts: { name: string; email?: string; password?: string; userName?: string; orgId?: string; keyScopes?: readonly string[] },
): Promise<CreatedOrg> {
  const orgId = opts.orgId ?? uuidv7();
  const userId = uuidv7();
  const email = (opts.email ?? `owner+${orgId.slice(-12)}@${slug(opts.name)}.example`).toLowerCase();
  const password = opts.password ?? randomBytes(12).toString("base64url");
  const key = generateApiKey();
  const keyId = uuidv7();
  const passwordHash = await hashPassword(password);
  await withTransaction(db, async (c) => {
    await c.query("INSERT INTO orgs (id, name) VALUES ($1, $2)", [orgId, opts.name]);
    await c.query("INSERT INTO users (id, org_id, email, name, password_hash) VALUES ($1, $2, $3, $4, $5)", [
      userId, orgId, email, opts.userName ?? "Owner", passwordHash,
    ]);
    await c.query("INSERT INTO api_keys (id, org_id, name, key_hash, prefix, scopes) VALUES ($1, $2, $3, $4, $5, $6)", [
      keyId, orgId, "default", key.hash, key.prefix, opts.keyScopes ?? DEFAULT_KEY_SCOPES,
    ]);
  });
  return { orgId, userId, apiKey: key.key, keyId, email, password };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "org";
}
