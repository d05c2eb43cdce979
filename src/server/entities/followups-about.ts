import type pg from "pg";
import type { EntityType } from "~/domain/events";

/**
 * A follow-up about an entity, with when it came to be: `scheduled_at` (its first event's
 * occurred_at) and `recorded_at` (that event's created_at), so that a page showing a past moment
 * lists only the follow-ups that existed then, on either time basis.
 */
export type FollowupAbout = { id: string; title: string; status: string | null; scheduled_at: string; recorded_at: string };

/** Follow-ups scheduled about an entity of the org (the projector's entity read model), newest first. */
export async function followupsAbout(db: pg.Pool, orgId: string, ref: { type: EntityType; id: string }): Promise<FollowupAbout[]> {
  const res = await db.query<{ id: string; display_name: string; status: string | null; scheduled_at: Date; recorded_at: Date }>(
    `SELECT e.id, e.display_name, e.state->>'status' AS status, first.scheduled_at, first.recorded_at
       FROM entities e
       CROSS JOIN LATERAL (
         SELECT min(s.occurred_at) AS scheduled_at, min(s.created_at) AS recorded_at FROM system_events s
          WHERE s.org_id = e.org_id AND s.primary_entity_type = 'followup' AND s.primary_entity_id = e.id
       ) first
      WHERE e.org_id = $1 AND e.type = 'followup' AND e.state->'about'->>'id' = $2 AND e.state->'about'->>'type' = $3
      ORDER BY e.updated_at DESC LIMIT 20`,
    [orgId, ref.id, ref.type],
  );
  return res.rows.map((f) => ({
    id: f.id,
    title: f.display_name,
    status: f.status,
    scheduled_at: f.scheduled_at.toISOString(),
    recorded_at: f.recorded_at.toISOString(),
  }));
}
