import type { Loop } from "~/domain/loops";

/**
 * open_loops' columns as the projector writes them: the one list to extend when a loop gains a
 * column. The SQL of every write (loop-store.ts), the JSON a row travels in, and which changes
 * count as a change of the row all follow from it. created_at / updated_at are the projection's
 * own record times, set by the statements.
 * - `type`: the SQL type the JSON value is read as;
 * - `changes`: the value can change once the row exists (an update writes only those columns).
 */
type LoopColumn = { name: string; type: string; of: (l: Loop) => string | null; changes: boolean };

export const LOOP_COLUMNS: readonly LoopColumn[] = [
  { name: "id", type: "uuid", of: (l) => l.id, changes: false },
  { name: "org_id", type: "uuid", of: (l) => l.org_id, changes: false },
  { name: "type", type: "text", of: (l) => l.type, changes: false },
  { name: "entity_type", type: "text", of: (l) => l.entity_type, changes: false },
  { name: "entity_id", type: "uuid", of: (l) => l.entity_id, changes: false },
  { name: "due_at", type: "timestamptz", of: (l) => l.due_at, changes: true },
  { name: "severity", type: "text", of: (l) => l.severity, changes: true },
  { name: "suggested_action", type: "text", of: (l) => l.suggested_action, changes: false },
  { name: "status", type: "text", of: (l) => l.status, changes: true },
  { name: "opened_by_event_id", type: "uuid", of: (l) => l.opened_by_event_id, changes: false },
  { name: "closed_by_event_id", type: "uuid", of: (l) => l.closed_by_event_id, changes: true },
  { name: "close_note", type: "text", of: (l) => l.reason ?? l.note, changes: true },
  { name: "snoozed_until", type: "timestamptz", of: (l) => l.snoozed_until, changes: true },
  { name: "reopened_by_event_id", type: "uuid", of: (l) => l.reopened_by_event_id, changes: true },
];

const CHANGING = LOOP_COLUMNS.filter((c) => c.changes);

/** The row's changing columns are equal: writing `b` over `a` would change nothing. */
export const sameRow = (a: Loop, b: Loop): boolean => CHANGING.every((c) => c.of(a) === c.of(b));

/**
 * Loops as one JSON document: an array per loop, its values in LOOP_COLUMNS order (keys would be
 * most of the bytes Postgres parses; pg would escape every element of a text[] parameter).
 */
export function loopsJson(loops: Loop[]): string {
  return JSON.stringify(loops.map(loopRow));
}

/** A loop's row values, in LOOP_COLUMNS order. */
export const loopRow = (l: Loop): (string | null)[] => LOOP_COLUMNS.map((c) => c.of(l));

/** The rows of a loopsJson document (parameter `param`) as a relation `r` with the columns' names and types. */
export const loopRows = (param: string) =>
  `(SELECT ${LOOP_COLUMNS.map((c, i) => `(v->>${i})::${c.type} AS ${c.name}`).join(", ")} FROM jsonb_array_elements(${param}::jsonb) AS v) AS r`;

export const COLUMN_NAMES = LOOP_COLUMNS.map((c) => c.name).join(", ");
export const CHANGING_NAMES = CHANGING.map((c) => c.name);
