import type pg from "pg";
import type { EntityState } from "~/domain/entities";
import type { Loop } from "~/domain/loops";
import type { ProjectionTables } from "./tables";

/**
 * What to write to open_loops for a set of entities: loops to upsert, loop ids that no longer
 * derive, and entities whose rows are unknown and so replaced wholesale (every row of theirs not
 * upserted here is deleted).
 */
export type LoopWrites = { upsert: Loop[]; deleteIds: string[]; replace: EntityState[] };

/** The columns of a row that can change once it exists. */
const sameRow = (a: Loop, b: Loop) =>
  a.due_at === b.due_at &&
  a.severity === b.severity &&
  a.status === b.status &&
  a.closed_by_event_id === b.closed_by_event_id &&
  (a.reason ?? a.note) === (b.reason ?? b.note);

/**
 * Adds to `w` what turns an entity's rows from `before` into `after`: only changed and new loops
 * are written, and only vanished ones deleted (an overdue invoice whose late-recorded payment
 * predates its due date). `before` undefined: the rows are unknown, replace them.
 */
export function addLoopWrites(w: LoopWrites, state: EntityState, before: Loop[] | undefined, after: Loop[]): void {
  if (before === undefined) {
    w.replace.push(state);
    w.upsert.push(...after);
    return;
  }
  const old = new Map(before.map((l) => [l.id, l]));
  for (const l of after) {
    const o = old.get(l.id);
    if (!o || !sameRow(o, l)) w.upsert.push(l);
    old.delete(l.id);
  }
  w.deleteIds.push(...old.keys());
}

/** The writes with the upserts as one JSON document (pg would escape every element into an array literal). */
export type LoopWritesPayload = Omit<LoopWrites, "upsert"> & { upsert: string | null; insert: string | null; keep: string[] };

/** `fresh`: the loops of entities that had no row (so neither have their loops): plainly inserted. */
export function loopWritesPayload(w: LoopWrites, fresh: Loop[] = []): LoopWritesPayload {
  // The replaced entities' loops that stay (all others of theirs are deleted).
  const replaced = new Set(w.replace.map((s) => `${s.entity_type}:${s.entity_id}`));
  const keep = w.replace.length === 0 ? [] : w.upsert.filter((l) => replaced.has(`${l.entity_type}:${l.entity_id}`)).map((l) => l.id);
  return { ...w, upsert: loopsJson(w.upsert), insert: loopsJson(fresh), keep };
}

function loopsJson(loops: Loop[]): string | null {
  if (loops.length === 0) return null;
  return JSON.stringify(
    loops.map((l) => ({
      id: l.id, o: l.org_id, t: l.type, et: l.entity_type, ei: l.entity_id, d: l.due_at, s: l.severity,
      a: l.suggested_action, st: l.status, ob: l.opened_by_event_id, cb: l.closed_by_event_id, cn: l.reason ?? l.note,
    })),
  );
}

/** Applies the writes; returns how many rows changed, so callers only notify on real changes. */
export async function saveLoops(client: pg.PoolClient, tables: ProjectionTables, w: LoopWritesPayload): Promise<number> {
  let changed = 0;
  if (w.deleteIds.length > 0) {
    const res = await client.query(`DELETE FROM ${tables.loops} WHERE id = ANY($1::uuid[])`, [w.deleteIds]);
    changed += res.rowCount ?? 0;
  }
  if (w.replace.length > 0) {
    const res = await client.query(
      `DELETE FROM ${tables.loops} l
        USING unnest($1::uuid[], $2::text[], $3::uuid[]) AS k(org_id, type, id)
        WHERE l.org_id = k.org_id AND l.entity_type = k.type AND l.entity_id = k.id AND NOT (l.id = ANY($4::uuid[]))`,
      [w.replace.map((s) => s.org_id), w.replace.map((s) => s.entity_type), w.replace.map((s) => s.entity_id), w.keep],
    );
    changed += res.rowCount ?? 0;
  }
  const columns = `INSERT INTO ${tables.loops} (id, org_id, type, entity_type, entity_id, due_at, severity, suggested_action, status,
                                  opened_by_event_id, closed_by_event_id, close_note, created_at, updated_at)
     SELECT id, o, t, et, ei, d, s, a, st, ob, cb, cn, now(), now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, o uuid, t text, et text, ei uuid, d timestamptz, s text, a text,
                                              st text, ob uuid, cb uuid, cn text)`;
  if (w.insert !== null) changed += (await client.query(columns, [w.insert])).rowCount ?? 0;
  if (w.upsert === null) return changed;
  const upserted = await client.query(
    `${columns}
     ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at, severity = EXCLUDED.severity, status = EXCLUDED.status,
       closed_by_event_id = EXCLUDED.closed_by_event_id, close_note = EXCLUDED.close_note, updated_at = now()
     WHERE (${tables.loops}.due_at, ${tables.loops}.severity, ${tables.loops}.status, ${tables.loops}.closed_by_event_id,
            ${tables.loops}.close_note)
           IS DISTINCT FROM (EXCLUDED.due_at, EXCLUDED.severity, EXCLUDED.status, EXCLUDED.closed_by_event_id, EXCLUDED.close_note)`,
    [w.upsert],
  );
  return changed + (upserted.rowCount ?? 0);
}
