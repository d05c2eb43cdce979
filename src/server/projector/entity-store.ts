import type pg from "pg";
import { type EntityRef, type EntityState, entityDisplayName, entityKey, parseEntityState, refOf } from "~/domain/entities";
import type { Loop } from "~/domain/loops";
import { EVENT_COLUMNS, type EventRow, type StoredEvent, rowToEvent } from "../events/stored-event";
import { ISO_TIMESTAMPS } from "../subscriptions/iso-timestamps";
import { foldEntity, initialEntityState } from "~/domain/entities";
import { decodeState, encodeState } from "./state-codec";
import type { ProjectionTables } from "./tables";
import type { JsonDocument, WritePart } from "./write-parts";
import { yielder } from "./yield-now";

/**
 * A stored entity: its state, and when time alone next changes it. `refolded`: its stored state
 * could not be read and was folded again from its events (their ids given: its rows are then not
 * known). `derived`: its loops as derived at an instant (by the batch that wrote it), if known.
 */
export type LoadedState = {
  state: EntityState;
  nextChangeAt: number | null;
  refolded: { eventIds: string[] } | null;
  derived?: { atMs: number; loops: Loop[] };
};

export type StoredEntityRow = { org_id: string; type: string; id: string; state: unknown; version: number };

/**
 * Loads the stored entities among `refs`, keyed by entityKey. `refold`: each is folded again from
 * its events rather than decoded (so its rows count as unknown: project-events.ts, careful mode).
 */
export async function loadStates(
  client: pg.PoolClient | pg.Pool,
  tables: ProjectionTables,
  refs: EntityRef[],
  opts: { refold?: boolean } = {},
): Promise<Map<string, LoadedState>> {
  const states = new Map<string, LoadedState>();
  if (refs.length === 0) return states;
  await ensureStatistics(client, tables.entities);
  // Per key, a probe of the primary key (OFFSET 0 keeps the subquery from being flattened into a
  // join, which the planner turned into a hash of the whole table while its statistics still
  // described it as small: 0.1–0.5 s per batch early in a catch-up).
  const res = await client.query<StoredEntityRow & { next_change_at: Date | null }>(
    `SELECT e.org_id, e.type, e.id, e.state, e.version, e.next_change_at
       FROM unnest(string_to_array($1, ',')::uuid[], string_to_array($2, ','), string_to_array($3, ',')::uuid[]) AS k(org_id, type, id)
       CROSS JOIN LATERAL (SELECT * FROM ${tables.entities} e WHERE e.org_id = k.org_id AND e.type = k.type AND e.id = k.id OFFSET 0) e`,
    // Comma-joined (ids and types hold no commas): pg would quote and escape every element of an array.
    [refs.map((r) => r.org_id).join(","), refs.map((r) => r.type).join(","), refs.map((r) => r.id).join(",")],
  );
  const refolds = opts.refold ? await foldManyFromLog(client, res.rows.map((r) => ({ ref: r as EntityRef, version: r.version }))) : null;
  const pause = yielder();
  for (const row of res.rows) {
    await pause();
    const key = entityKey(row as EntityRef);
    const { state, refolded } = refolds?.get(key) ?? (await hydrateState(client, row));
    states.set(key, { state, refolded, nextChangeAt: row.next_change_at?.getTime() ?? null });
  }
  return states;
}

/** Per connection (or pool), the tables seen to have planner statistics. */
const withStatistics = new WeakMap<object, Set<string>>();

/**
 * Lookups by primary key must use the primary key: with no statistics on `entities` (a new table
 * where autovacuum has not run yet, or is off), the planner takes idx_entities_activity, whose
 * prefix (org_id, type) it cannot tell from the key, and walks every entity of that org and type
 * per lookup (seconds per batch, measured). Any statistics, even of a small table, tell the two
 * apart, so a table found without them is analyzed once.
 */
async function ensureStatistics(db: pg.PoolClient | pg.Pool, table: string): Promise<void> {
  const known = withStatistics.get(db) ?? new Set<string>();
  withStatistics.set(db, known);
  if (known.has(table)) return;
  const res = await db.query<{ stats: boolean; rows: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() AND tablename = $1) AS stats,
            EXISTS (SELECT 1 FROM ${table}) AS rows`,
    [table],
  );
  const { stats, rows } = res.rows[0]!;
  if (!stats && rows) await db.query(`ANALYZE ${table}`);
  if (stats || rows) known.add(table);
}

/**
 * A stored state, decoded (state-codec.ts) and validated; one stored under another fold version or
 * layout is refolded from the log.
 */
export async function hydrateState(
  client: pg.PoolClient | pg.Pool,
  row: StoredEntityRow,
): Promise<{ state: EntityState; refolded: { eventIds: string[] } | null }> {
  try {
    return { state: parseEntityState(decodeState(row.state, row)), refolded: null };
  } catch {
    // Refold the events it had folded, chosen by version: a position cut-off would drop those
    // that committed out of position order.
    const ref = { org_id: row.org_id, type: row.type, id: row.id } as EntityRef;
    return (await foldManyFromLog(client, [{ ref, version: row.version }])).get(entityKey(ref))!;
  }
}

type Refolded = { state: EntityState; refolded: { eventIds: string[] } };

const refoldedFrom = (ref: EntityRef, events: StoredEvent[]): Refolded => ({
  state: foldEntity(initialEntityState(ref.type, ref.id, ref.org_id), events),
  refolded: { eventIds: events.map((e) => e.id) },
});

/**
 * Entities folded from their events up to each one's `version` (inclusive), with those events'
 * ids, keyed by entityKey: one read of the log for them all (a careful batch refolds every entity
 * it touches), each key probing the entity index in version order.
 */
export async function foldManyFromLog(db: pg.PoolClient | pg.Pool, wants: { ref: EntityRef; version: number }[]): Promise<Map<string, Refolded>> {
  const out = new Map<string, Refolded>();
  if (wants.length === 0) return out;
  const res = await db.query<EventRow>({
    text: `SELECT e.* FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[]) WITH ORDINALITY AS k(org_id, type, id, version, n)
            CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM system_events s
                                 WHERE s.org_id = k.org_id AND s.primary_entity_type = k.type AND s.primary_entity_id = k.id
                                   AND s.entity_version <= k.version ORDER BY s.entity_version) AS e
            ORDER BY k.n, e.entity_version`,
    values: [wants.map((w) => w.ref.org_id), wants.map((w) => w.ref.type), wants.map((w) => w.ref.id), wants.map((w) => w.version)],
    types: ISO_TIMESTAMPS,
  });
  const byKey = new Map<string, StoredEvent[]>();
  for (const row of res.rows) {
    const e = rowToEvent(row);
    const key = entityKey(refOf(e));
    const own = byKey.get(key);
    if (own) own.push(e);
    else byKey.set(key, [e]);
  }
  for (const { ref } of wants) {
    const key = entityKey(ref);
    out.set(key, refoldedFrom(ref, byKey.get(key) ?? []));
  }
  return out;
}

/** The entity columns the projector writes (entityRow's values, in order); updated_at is the statement's time. */
export const ENTITY_COLUMNS = "org_id, type, id, display_name, state, version, last_position, next_change_at";

/**
 * An entity's row values, in ENTITY_COLUMNS order: org, type, id, display name, stored state,
 * version, last position, and when time alone next changes it.
 */
export function entityRow(state: EntityState, lastPosition: number, next: number | null): unknown[] {
  return [
    state.org_id,
    state.entity_type,
    state.entity_id,
    entityDisplayName(state).slice(0, 300),
    encodeState(state),
    state.version,
    lastPosition,
    next === null ? null : new Date(next).toISOString(),
  ];
}

/** The entity rows for `states` as one JSON document, an array of values per entity (pg would otherwise escape every state into an array literal). */
export function statesPayload(states: { state: EntityState; lastPosition: number; next: number | null }[]): string {
  return JSON.stringify(states.map(({ state, lastPosition, next }) => entityRow(state, lastPosition, next)));
}

const ROWS = `(SELECT (v->>0)::uuid AS o, v->>1 AS t, (v->>2)::uuid AS i, v->>3 AS n, v->4 AS s, (v->>5)::int AS ver,
                (v->>6)::bigint AS l, (v->>7)::timestamptz AS nc
           FROM jsonb_array_elements($?::jsonb) AS v) AS u`;

/**
 * The statement parts (write-parts.ts) writing entity rows from statesPayload documents. "insert":
 * entities the projector found no row for, in its own transaction under its lock, so none can exist
 * (a plain insert skips the conflict probe); "upsert": entities it loaded or wrote before. An upsert
 * rather than an UPDATE … FROM: its arbiter is always the primary key, where the planner, with no
 * statistics yet on a growing table, picked idx_entities_activity and walked every entity of the
 * org and type (0.2–0.6 s a statement).
 */
export function entityParts(tables: ProjectionTables, inserts: JsonDocument | null, upserts: JsonDocument | null): WritePart[] {
  const insert = `INSERT INTO ${tables.entities} (${ENTITY_COLUMNS}, updated_at)
     SELECT o, t, i, n, s, ver, l, nc, now() FROM ${ROWS}`;
  const parts: WritePart[] = [];
  if (inserts !== null) parts.push({ name: "ei", sql: insert, param: inserts, counted: false });
  if (upserts !== null) {
    const sql = `${insert}
     ON CONFLICT (org_id, type, id) DO UPDATE SET display_name = EXCLUDED.display_name, state = EXCLUDED.state,
       version = EXCLUDED.version, last_position = EXCLUDED.last_position, next_change_at = EXCLUDED.next_change_at,
       updated_at = now()`;
    parts.push({ name: "eu", sql, param: upserts, counted: false });
  }
  return parts;
}
