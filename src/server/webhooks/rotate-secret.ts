import type pg from "pg";
import { notFound } from "./list-endpoints";
import { sealSecret } from "./secret-box";
import { newSigningSecret } from "./signing-secret";

/** Longest overlap a rotation may ask for: a week. */
export const MAX_OVERLAP_HOURS = 168;

/**
 * A new signing secret, returned once. For `overlapHours` the previous secret keeps signing too
 * (each message then carries both signatures), so the receiver can switch without losing a
 * message; 0 ends the old secret at once. A rotation during an overlap ends the older one.
 */
export async function rotateSecret(db: pg.Pool, orgId: string, id: string, overlapHours: number, now: Date): Promise<{ secret: string; previous_secret_expires_at: string | null }> {
  const secret = newSigningSecret();
  const until = overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null;
  const res = await db.query(
    `UPDATE webhook_endpoints SET
       previous_secret_enc = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE secret_enc END,
       previous_secret_expires_at = $4,
       secret_enc = $3,
       updated_at = $5
     WHERE org_id = $1 AND id = $2`,
    [orgId, id, sealSecret(secret), until, now],
  );
  if (!res.rowCount) throw notFound();
  return { secret, previous_secret_expires_at: until?.toISOString() ?? null };
}
