import type pg from "pg";
import { revokeApiKey } from "../auth/api-keys";
import { AppError } from "../errors";

/**
 * Revokes one of the org's live keys: refused on this instance at once, on the others within a
 * second (api-keys.ts). Another org's key, or one already revoked, is NOT_FOUND.
 */
export async function revokeOrgApiKey(db: pg.Pool, orgId: string, keyId: string): Promise<{ revoked: true }> {
  if (!(await revokeApiKey(db, orgId, keyId))) throw new AppError("api_key_not_found", "no live API key with this id in your organisation", ["id"]);
  return { revoked: true };
}
