import type pg from "pg";
import type { EntityType } from "~/domain/events";

type Ref = { type: EntityType; id: string };

export const refKey = (r: Ref) => `${r.type}:${r.id}`;

/**
 * Display names (a lead's name, an invoice's number and amount) from the projector's entity read
 * model, keyed by refKey. Entities it has not projected yet, and other orgs', are absent.
 */
export async function entityNames(db: pg.Pool, orgId: string, refs: readonly Ref[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const res = await db.query<{ type: EntityType; id: string; display_name: string }>(
    `SELECT e.type, e.id, e.display_name FROM entities e
       JOIN unnest($2::text[], $3::uuid[]) AS k(type, id) ON e.type = k.type AND e.id = k.id
      WHERE e.org_id = $1`,
    [orgId, refs.map((r) => r.type), refs.map((r) => r.id)],
  );
  return new Map(res.rows.map((r) => [refKey(r), r.display_name]));
}
