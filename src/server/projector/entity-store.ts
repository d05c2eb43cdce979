import type pg from "pg";
import { type EntityRef, type EntityState, entityDisplayName, entityKey, nextChangeAt, parseEntityState } from "~/domain/entities";
import { entityEvents } from "../events/read";
import { foldEntity, initialEntityState } from "~/domain/entities";
import type { ProjectionTables } from "./tables";

/** Loads the folded states of `refs`; an entity stored under an older fold version is refolded from the log. */
export async function loadStates(
  client: pg.PoolClient,
  tables: ProjectionTables,
  refs: EntityRef[],
  upToPosition: number,
): Promise<Map<string, EntityState>> {
  const states = new Map<string, EntityState>();
  if (refs.length === 0) return states;
  const res = await client.query<{ org_id: string; type: string; id: string; state: unknown }>(
    `SELECT e.org_id, e.type, e.id, e.state FROM ${tables.entities} e
       JOIN unnest($1::uuid[], $2::text[], $3::uuid[]) AS k(org_id, type, id)
         ON e.org_id = k.org_id AND e.type = k.type AND e.id = k.id`,
    [refs.map((r) => r.org_id), refs.map((r) => r.type), refs.map((r) => r.id)],
  );
  for (const row of res.rows) {
    const ref = { org_id: row.org_id, type: row.type, id: row.id } as EntityRef;
    let state: EntityState;
    try {
      state = parseEntityState(row.state);
    } catch {
      // The fold changed meaning since this state was stored: refold the entity from the log.
      const events = (await entityEvents(client as unknown as pg.Pool, ref.org_id, ref.type, ref.id)).filter(
        (e) => e.position < upToPosition,
      );
      state = foldEntity(initialEntityState(ref.type, ref.id, ref.org_id), events);
    }
    states.set(entityKey(ref), state);
  }
  return states;
}

/** Upserts entity rows: state, display name, version, and when time alone next changes them. */
export async function saveStates(
  client: pg.PoolClient,
  tables: ProjectionTables,
  states: { state: EntityState; lastPosition: number }[],
  now: Date,
): Promise<void> {
  if (states.length === 0) return;
  const cols = { org: [] as string[], type: [] as string[], id: [] as string[], name: [] as string[], state: [] as string[],
    version: [] as number[], last: [] as number[], next: [] as (string | null)[] };
  for (const { state, lastPosition } of states) {
    cols.org.push(state.org_id);
    cols.type.push(state.entity_type);
    cols.id.push(state.entity_id);
    cols.name.push(entityDisplayName(state).slice(0, 300));
    cols.state.push(JSON.stringify(state));
    cols.version.push(state.version);
    cols.last.push(lastPosition);
    cols.next.push(nextChangeAt(state, now)?.toISOString() ?? null);
  }
  await client.query(
    `INSERT INTO ${tables.entities} (org_id, type, id, display_name, state, version, last_position, next_change_at, updated_at)
     SELECT o, t, i, n, s::jsonb, v, l, nc, now()
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::timestamptz[])
            AS u(o, t, i, n, s, v, l, nc)
     ON CONFLICT (org_id, type, id) DO UPDATE SET display_name = EXCLUDED.display_name, state = EXCLUDED.state,
       version = EXCLUDED.version, last_position = EXCLUDED.last_position, next_change_at = EXCLUDED.next_change_at,
       updated_at = now()`,
    [cols.org, cols.type, cols.id, cols.name, cols.state, cols.version, cols.last, cols.next],
  );
}
