import { LOOP_TYPES, type Loop, loopId } from "~/domain/loops";
import { CHANGING_NAMES, COLUMN_NAMES, loopRows, loopsJson, sameRow } from "./loop-columns";
import type { ProjectionTables } from "./tables";
import type { WritePart } from "./write-parts";

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
 * by entity to maintain).
 */
export function loopParts(tables: ProjectionTables, w: { insert: string | null; update: string | null; upsert: string | null; deleteIds: string | null }): WritePart[] {
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
  return parts;
}
