import type pg from "pg";
import { openSecret } from "./secret-box";

/** Where and how an endpoint's messages go: its URL and the secrets that sign them now. */
export type EndpointTarget = { id: string; url: string; secrets: string[] };

export type TargetRow = { id: string; url: string; secret_enc: string; previous_secret_enc: string | null; previous_secret_expires_at: Date | null };

export const TARGET_COLUMNS = "e.id, e.url, e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at";

/** The signing secrets at `now`: the current one, and the previous one while its overlap lasts. */
export function targetOf(row: TargetRow, now: Date, secretKey?: string): EndpointTarget {
  const secrets = [openSecret(row.secret_enc, secretKey)];
  if (row.previous_secret_enc && row.previous_secret_expires_at && row.previous_secret_expires_at > now) {
    secrets.push(openSecret(row.previous_secret_enc, secretKey));
  }
  return { id: row.id, url: row.url, secrets };
}

export async function loadTarget(db: pg.Pool, endpointId: string): Promise<TargetRow | null> {
  const res = await db.query<TargetRow>(`SELECT ${TARGET_COLUMNS} FROM webhook_endpoints e WHERE e.id = $1`, [endpointId]);
  return res.rows[0] ?? null;
}
