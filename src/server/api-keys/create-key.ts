import { randomUUID } from "node:crypto";
import type pg from "pg";
import { generateApiKey } from "../auth/api-keys";
import type { KeyScope } from "../auth/scopes";
import { type ApiKeyItem, KEY_COLUMNS, toItem } from "./list-keys";

/**
 * A new key for the caller's org, made by a signed-in user: the key is returned once (only its
 * SHA-256 is stored) with the row Settings lists.
 */
export async function createApiKey(
  db: pg.Pool,
  who: { orgId: string; userId: string },
  input: { name: string; scopes: readonly KeyScope[] },
): Promise<{ key: string; item: ApiKeyItem }> {
  const { key, hash, prefix } = generateApiKey();
  const id = randomUUID();
  const res = await db.query(
    `WITH k AS (
       INSERT INTO api_keys (id, org_id, name, key_hash, prefix, scopes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING *
     )
     SELECT ${KEY_COLUMNS} FROM k LEFT JOIN users u ON u.id = k.created_by AND u.org_id = k.org_id`,
    [id, who.orgId, input.name, hash, prefix, [...input.scopes], who.userId],
  );
  return { key, item: toItem(res.rows[0]) };
}
