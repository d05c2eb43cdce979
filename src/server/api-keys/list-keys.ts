import type pg from "pg";

/** A key as Settings → API keys shows it: never the key itself (only its first characters). */
export type ApiKeyItem = {
  id: string;
  name: string;
  /** The key's first 12 characters ("calm_AbCdEfG"), to tell keys apart. */
  prefix: string;
  scopes: string[];
  created_at: string;
  created_by: { id: string; name: string } | null;
  last_used_at: string | null;
  revoked_at: string | null;
};

export const KEY_COLUMNS = `k.id, k.name, k.prefix, k.scopes,
  to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
  to_char(k.last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_used_at,
  to_char(k.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS revoked_at,
  u.id AS creator_id, u.name AS creator_name`;

type Row = Omit<ApiKeyItem, "created_by"> & { creator_id: string | null; creator_name: string | null };

export const toItem = ({ creator_id, creator_name, ...r }: Row): ApiKeyItem => ({
  ...r,
  created_by: creator_id && creator_name !== null ? { id: creator_id, name: creator_name } : null,
});

/** The org's keys, live ones first, newest first; revoked ones stay listed (when, and by whom made). */
export async function listApiKeys(db: pg.Pool, orgId: string): Promise<ApiKeyItem[]> {
  const res = await db.query<Row>(
    `SELECT ${KEY_COLUMNS} FROM api_keys k LEFT JOIN users u ON u.id = k.created_by AND u.org_id = k.org_id
      WHERE k.org_id = $1 ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id LIMIT 500`,
    [orgId],
  );
  return res.rows.map(toItem);
}
