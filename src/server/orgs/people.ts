import type pg from "pg";

/** User id → name for the org's users (only those ids, when given): actors read as people. */
export async function userNames(db: pg.Pool, orgId: string, ids?: readonly string[]): Promise<Map<string, string>> {
  if (ids?.length === 0) return new Map();
  const res = await db.query<{ id: string; name: string }>(
    "SELECT id, name FROM users WHERE org_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))",
    [orgId, ids ?? null],
  );
  return new Map(res.rows.map((r) => [r.id, r.name]));
}

/** How an API key reads as an actor: commands sent with a key carry the key's id as their system actor. */
export const keyActorName = (keyName: string) => `API key “${keyName}”`;

/** API key id → its actor name (keyActorName), for the org's keys among those ids, revoked ones included. */
export async function apiKeyNames(db: pg.Pool, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const res = await db.query<{ id: string; name: string }>("SELECT id, name FROM api_keys WHERE org_id = $1 AND id = ANY($2::uuid[])", [
    orgId,
    ids,
  ]);
  return new Map(res.rows.map((r) => [r.id, keyActorName(r.name)]));
}
