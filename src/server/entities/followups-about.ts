import type pg from "pg";
import type { EntityType } from "~/domain/events";

export type FollowupAbout = { id: string; title: string; status: string | null };

/** Follow-ups scheduled about an entity of the org (the projector's entity read model), newest first. */
export async function followupsAbout(db: pg.Pool, orgId: string, ref: { type: EntityType; id: string }): Promise<FollowupAbout[]> {
  const res = await db.query<{ id: string; display_name: string; status: string | null }>(
    `SELECT id, display_name, state->>'status' AS status FROM entities
      WHERE org_id = $1 AND type = 'followup' AND state->'about'->>'id' = $2 AND state->'about'->>'type' = $3
      ORDER BY updated_at DESC LIMIT 20`,
    [orgId, ref.id, ref.type],
  );
  return res.rows.map((f) => ({ id: f.id, title: f.display_name, status: f.status }));
}
