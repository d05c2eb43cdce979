import type { EntityState } from "~/domain/entities";
import type { EntityType } from "~/domain/events";
import type { EntityOverview } from "~/components/entity/overview";
import { getPool } from "~/server/db/pool";

// What the entity page shows around the entity, read from the org's own rows only.

/** User id → name, so actors read as people. */
export async function peopleOf(orgId: string): Promise<Record<string, string>> {
  const res = await getPool().query<{ id: string; name: string }>("SELECT id, name FROM users WHERE org_id = $1", [orgId]);
  return Object.fromEntries(res.rows.map((p) => [p.id, p.name]));
}

/** Follow-ups scheduled about the entity (the projector's entity read model), newest first. */
export async function followupsAbout(orgId: string, ref: { type: EntityType; id: string }): Promise<EntityOverview["followups"]> {
  const res = await getPool().query<{ id: string; display_name: string; status: string | null }>(
    `SELECT id, display_name, state->>'status' AS status FROM entities
      WHERE org_id = $1 AND type = 'followup' AND state->'about'->>'id' = $2 AND state->'about'->>'type' = $3
      ORDER BY updated_at DESC LIMIT 20`,
    [orgId, ref.id, ref.type],
  );
  return res.rows.map((f) => ({ id: f.id, title: f.display_name, status: f.status }));
}

/** A follow-up's subject, named as the dashboard names it. */
export async function aboutOf(orgId: string, state: EntityState | null): Promise<EntityOverview["about"]> {
  if (state?.entity_type !== "followup" || !state.about) return null;
  const { type, id } = state.about;
  const res = await getPool().query<{ display_name: string }>(
    "SELECT display_name FROM entities WHERE org_id = $1 AND type = $2 AND id = $3",
    [orgId, type, id],
  );
  return { type: type as EntityType, id, title: res.rows[0]?.display_name ?? `${type} ${id.slice(0, 8)}` };
}
