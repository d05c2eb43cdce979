import type pg from "pg";
import { LOOP_TYPES, type Loop, loopId } from "~/domain/loops";
import { CHANGING_NAMES, COLUMN_NAMES, loopRows, loopsJson, sameRow } from "./loop-columns";
import type { ProjectionTables } from "./tables";
import type { JsonDocument, WritePart } from "./write-parts";

/**
 * What to write to open_loops for a set of entities: rows to insert (ids the entity never had a
 * row for), rows to update (known rows whose changing columns differ), rows of unknown content
 * (upserted), and ids of rows that no longer derive.
 */
export type LoopWrites = { insert: Loop[]; update: Loop[]; upsert: Loop[]; deleteIds: string[] };

export const noLoopWrites = (): LoopWrites => ({ insert: [], update: [], upsert: [], deleteIds: [] });

/**
 * The rows an entity may have when they are not known (its stored state was refolded): every
 * loop any of its events could have opened, as a loop's id is its opening event's and type's.
 */
export const possibleLoopIds = (eventIds: readonly string[]): string[] => eventIds.flatMap((e) => LOOP_TYPES.map((t) => loopId(e, t)));

/**
 * Adds to `w` what turns an entity's rows from `before` into `after`: only changed and new loops
 * are written, and only vanished ones deleted (an overdue invoice whose late-recorded payment
 * predates its due date). `before` unknown: its loops are upserted, and every other row it may
 * have (`unknown.possible`) deleted.
 */
export function addLoopWrites(w: LoopWrites, before: Loop[] | { possible: string[] }, after: Loop[]): void {
  if (!Array.isArray(before)) {
    const kept = new Set(after.map((l) => l.id));
    w.upsert.push(...after);
    for (const id of before.possible) if (!kept.has(id)) w.deleteIds.push(id);
    return;
  }
  if (before.length === 0) {
    w.insert.push(...after);
    return;
  }
  const old = new Map(before.map((l) => [l.id, l]));
  for (const l of after) {
    const o = old.get(l.id);
    if (!o) w.insert.push(l);
    else if (!sameRow(o, l)) w.update.push(l);
    old.delete(l.id);
  }
  w.deleteIds.push(...old.keys());
}

/** The writes serialized (one JSON document per statement), ready to send. */
export type LoopWritesPayload = {
  insert: string | null;
  update: string | null;
  /** How many rows `update` names: each must exist. */
  updated: number;
  upsert: string | null;
  /** Comma-joined (pg would quote and escape every element of an array). */
  deleteIds: string | null;
};

export function loopWritesPayload(w: LoopWrites): LoopWritesPayload {
  const json = (loops: Loop[]) => (loops.length === 0 ? null : loopsJson(loops));
  const deleteIds = w.deleteIds.length === 0 ? null : w.deleteIds.join(",");
  return { insert: json(w.insert), update: json(w.update), updated: w.update.length, upsert: json(w.upsert), deleteIds };
}

const set = (names: string[], from: string) => names.map((n) => `${n} = ${from}.${n}`).join(", ");

/**
 * The statements' parts for these writes (write-parts.ts): deleted (ld), inserted (li), updated
 * (lu) and upserted (lx) rows, each counted (callers only notify on real changes; every row to
 * update must be there). New rows are plain inserts and known rows plain updates: the projector
 * knows which rows exist (project-events.ts, rowsBefore), so only rows it cannot know go through
 * ON CONFLICT, whose probe and row lock cost every write, and rows are found by id alone (no index
 * by entity to maintain). Last, the active loops' counts (countsPart) follow the same writes.
 */
export function loopParts(
  tables: ProjectionTables,
  w: { insert: JsonDocument | null; update: JsonDocument | null; upsert: JsonDocument | null; deleteIds: string | null },
): WritePart[] {
  const t = tables.loops;
  const parts: WritePart[] = [];
  const insert = `INSERT INTO ${t} (${COLUMN_NAMES}, created_at, updated_at) SELECT r.*, now(), now() FROM ${loopRows("$?")}`;
  if (w.deleteIds !== null) {
    parts.push({ name: "ld", sql: `DELETE FROM ${t} WHERE id = ANY(string_to_array($?, ',')::uuid[])`, param: w.deleteIds, counted: true });
  }
  if (w.insert !== null) parts.push({ name: "li", sql: insert, param: w.insert, counted: true });
  if (w.update !== null) {
    const sql = `UPDATE ${t} l SET ${set(CHANGING_NAMES, "r")}, updated_at = now() FROM ${loopRows("$?")} WHERE l.id = r.id`;
    parts.push({ name: "lu", sql, param: w.update, counted: true });
  }
  if (w.upsert !== null) {
    const mine = (n: string) => `${t}.${n}`;
    const sql = `${insert}
       ON CONFLICT (id) DO UPDATE SET ${set(CHANGING_NAMES, "EXCLUDED")}, updated_at = now()
       WHERE (${CHANGING_NAMES.map(mine).join(", ")}) IS DISTINCT FROM (${CHANGING_NAMES.map((n) => `EXCLUDED.${n}`).join(", ")})`;
    parts.push({ name: "lx", sql, param: w.upsert, counted: true });
  }
  for (const p of parts) p.returning = changed(p.name === "lu" ? "l." : "");
  const counts = countsPart(tables, parts.map((p) => p.name));
  return counts ? [...parts, counts] : parts;
}

/** What each loop part returns of the rows it wrote: the columns the counts are kept by. */
const changed = (alias: string) => ["id", "org_id", "type", "severity", "status"].map((c) => `${alias}${c}`).join(", ");

/**
 * The part keeping `tables.counts` (loop_counts: active loops per org, type and severity) equal to
 * the loops table's, in the statement that writes it: +1 for each active row the parts leave, -1
 * for each active row they replace or delete. Every part of one statement sees the rows as they
 * were before it (one snapshot), so the rows updated (lu) and upserted over (lx) are read back from
 * the table for their old values, by id (the primary key); the deleted ones (ld) return theirs. The
 * deltas are added per (org, type, severity), in key order (two writers would lock the rows in one
 * order), leaving out those that cancel out. Only the projector's writers, each under its
 * subscriber's lock, write the table: its snapshot is what was there.
 */
export function countsPart(tables: ProjectionTables, names: string[]): WritePart | null {
  const has = (n: string) => names.includes(n);
  const active = (from: string, d: number) => `SELECT org_id, type, severity, ${d} AS d FROM ${from} WHERE status = 'active'`;
  const deltas = ["li", "lu", "lx"].filter(has).map((n) => active(n, 1));
  if (has("ld")) deltas.push(active("ld", -1));
  const replaced = ["lu", "lx"].filter(has).map((n) => `SELECT id FROM ${n}`);
  // Each replaced row by its primary key (OFFSET 0: the status filter stays outside the probe):
  // `status = 'active' AND id = ANY(…)` let the planner, with statistics of a smaller table, walk
  // a partial index on status whose last column is id, for every id (~0.4 s a batch, measured).
  const old = `(SELECT o.* FROM (${replaced.join(" UNION ALL ")}) AS r CROSS JOIN LATERAL (SELECT org_id, type, severity, status FROM ${tables.loops} WHERE id = r.id OFFSET 0) AS o) AS old`;
  if (replaced.length > 0) deltas.push(active(old, -1));
  if (deltas.length === 0) return null;
  const sql = `INSERT INTO ${tables.counts} AS c (org_id, type, severity, n)
     SELECT org_id, type, severity, sum(d) FROM (${deltas.join(" UNION ALL ")}) AS deltas
      GROUP BY org_id, type, severity HAVING sum(d) <> 0 ORDER BY org_id, type, severity
     ON CONFLICT (org_id, type, severity) DO UPDATE SET n = c.n + EXCLUDED.n`;
  return { name: "ln", sql, param: null, counted: false };
}

/**
 * After a careful write (project-events.ts, Careful): these orgs' counts taken again from the loops
 * table, since a row changed behind the projector's back left them off by as many rows (the
 * statement's deltas only follow the projector's own writes). "all": every org's (a rebuild's first
 * pass, whose rows go in without them: fresh-rows.ts).
 */
export async function recountLoops(client: pg.PoolClient, tables: ProjectionTables, orgIds: string[] | "all"): Promise<void> {
  if (orgIds.length === 0) return;
  const all = orgIds === "all";
  const which = all ? "" : "org_id = ANY($1::uuid[]) AND";
  const params = all ? [] : [orgIds];
  await client.query(`DELETE FROM ${tables.counts}${all ? "" : " WHERE org_id = ANY($1::uuid[])"}`, params);
  await client.query(
    `INSERT INTO ${tables.counts} (org_id, type, severity, n)
     SELECT org_id, type, severity, count(*) FROM ${tables.loops} WHERE ${which} status = 'active'
      GROUP BY org_id, type, severity ORDER BY org_id, type, severity`,
    params,
  );
}
