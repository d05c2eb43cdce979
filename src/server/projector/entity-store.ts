import type pg from "pg";
import { type EntityRef, type EntityState, entityDisplayName, entityKey, nextChangeAt, parseEntityState } from "~/domain/entities";
import { entityEvents } from "../events/read";
import { foldEntity, initialEntityState } from "~/domain/entities";
import type { ProjectionTables } from "./tables";

/** A stored entity: its state, when time alone next changes it, and whether it had to be refolded. */
export type LoadedState = { state: EntityState; nextChangeAt: number | null; refolded: boolean };

export type StoredEntityRow = { org_id: string; type: string; id: string; state: unknown; version: number };

/** Loads the stored entities among `refs`, keyed by entityKey. */
export async function loadStates(
  client: pg.PoolClient | pg.Pool,
  tables: ProjectionTables,
  refs: EntityRef[],
): Promise<Map<string, LoadedState>> {
  const states = new Map<string, LoadedState>();
  if (refs.length === 0) return states;
  const res = await client.query<StoredEntityRow & { next_change_at: Date | null }>(
    `SELECT e.org_id, e.type, e.id, e.state, e.version, e.next_change_at FROM ${tables.entities} e
       JOIN unnest($1::uuid[], $2::text[], $3::uuid[]) AS k(org_id, type, id)
         ON e.org_id = k.org_id AND e.type = k.type AND e.id = k.id`,
    [refs.map((r) => r.org_id), refs.map((r) => r.type), refs.map((r) => r.id)],
  );
  for (const row of res.rows) {
    const { state, refolded } = await hydrateState(client, row);
    states.set(entityKey(row as EntityRef), { state, refolded, nextChangeAt: row.next_change_at?.getTime() ?? null });
  }
  return states;
}

/**
 * What of a state is stored in the state column: all but what the row's own columns hold (org,
 * type, id, version). Every byte here is written, logged and read back on each change of the
 * entity, and the projector's catch-up is bound by those writes.
 */
function storedForm(state: EntityState): Omit<EntityState, "org_id" | "entity_type" | "entity_id" | "version"> {
  const { org_id: _o, entity_type: _t, entity_id: _i, version: _v, ...rest } = state;
  return rest;
}

/** A stored state, parsed; one stored under another fold version is refolded from the log. */
export async function hydrateState(client: pg.PoolClient | pg.Pool, row: StoredEntityRow): Promise<{ state: EntityState; refolded: boolean }> {
  try {
    const whole = { ...(row.state as object), org_id: row.org_id, entity_type: row.type, entity_id: row.id, version: row.version };
    return { state: parseEntityState(whole), refolded: false };
  } catch {
    // Refold the events it had folded, chosen by version: a position cut-off would drop those
    // that committed out of position order.
    const ref = { org_id: row.org_id, type: row.type, id: row.id } as EntityRef;
    const events = (await entityEvents(client as unknown as pg.Pool, ref.org_id, ref.type, ref.id)).filter(
      (e) => e.entity_version <= row.version,
    );
    return { state: foldEntity(initialEntityState(ref.type, ref.id, ref.org_id), events), refolded: true };
  }
}

/**
 * The entity rows for `states` as one JSON document (pg would otherwise escape every state into
 * an array literal): state, display name, version, and when time alone next changes them.
 */
export function statesPayload(states: { state: EntityState; lastPosition: number }[], now: Date): string {
  return JSON.stringify(
    states.map(({ state, lastPosition }) => ({
      o: state.org_id,
      t: state.entity_type,
      i: state.entity_id,
      n: entityDisplayName(state).slice(0, 300),
      s: storedForm(state),
      v: state.version,
      l: lastPosition,
      nc: nextChangeAt(state, now)?.toISOString() ?? null,
    })),
  );
}

/**
 * Writes entity rows from statesPayload. "insert": entities the projector found no row for, in
 * its own transaction under its lock, so none can exist (a plain insert skips the conflict check);
 * "upsert": any others.
 */
export async function saveStates(client: pg.PoolClient, tables: ProjectionTables, payload: string, how: "insert" | "upsert"): Promise<void> {
  await client.query(
    `INSERT INTO ${tables.entities} (org_id, type, id, display_name, state, version, last_position, next_change_at, updated_at)
     SELECT o, t, i, n, s, v, l, nc, now()
       FROM jsonb_to_recordset($1::jsonb) AS u(o uuid, t text, i uuid, n text, s jsonb, v int, l bigint, nc timestamptz)
     ${how === "insert" ? "" : `ON CONFLICT (org_id, type, id) DO UPDATE SET display_name = EXCLUDED.display_name, state = EXCLUDED.state,
       version = EXCLUDED.version, last_position = EXCLUDED.last_position, next_change_at = EXCLUDED.next_change_at,
       updated_at = now()`}`,
    [payload],
  );
}
