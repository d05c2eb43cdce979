import { copyEscape } from "../db/copy-in";
import { entityKey, type LoopRecord, refOf } from "~/domain/entities";
import type { LoggedEvent } from "~/domain/events";
import { loopEvents, loopIntervals, prefixFolds, type TimeBasis } from "~/domain/time-travel";

/** Entities of up to this many loop events (loopEvents) fold once for both bases (prefixFolds). */
const SHARED_FOLD_MAX = 1000;

export const BASES: readonly TimeBasis[] = ["occurred", "recorded"];

/**
 * loop_history rows to insert, each an array of its values in HISTORY_COLUMNS order and then its
 * record: sent as one JSON document (HISTORY_INSERT). Fourteen array parameters instead cost pg
 * an escaped array literal per column, the record's JSON escaped again inside one.
 */
export type HistoryRows = unknown[][];

const HISTORY_COLUMNS = [
  ["org_id", "uuid"], ["basis", "text"], ["entity_type", "text"], ["entity_id", "uuid"], ["valid_from", "timestamptz"],
  ["valid_to", "timestamptz"], ["loop_id", "uuid"], ["type", "text"], ["status", "text"], ["due_at", "timestamptz"],
  ["closed_at", "timestamptz"], ["snoozed_until", "timestamptz"], ["visible_from", "timestamptz"],
] as const;

export const historyInsert = (table: string) => `INSERT INTO ${table} (${HISTORY_COLUMNS.map(([c]) => c).join(", ")}, record)
  SELECT ${HISTORY_COLUMNS.map(([, t], i) => `(v->>${i})::${t}`).join(", ")}, v->${HISTORY_COLUMNS.length}
    FROM jsonb_array_elements($1::jsonb) AS v`;

export const HISTORY_INSERT = historyInsert("loop_history");

export const historyParams = (rows: HistoryRows): unknown[] => [JSON.stringify(rows)];

/** COPY of the rows into `table` (a rebuild's shadow): see historyCopyText. */
export const historyCopy = (table: string) =>
  `COPY ${table} (${HISTORY_COLUMNS.map(([c]) => c).join(", ")}, record) FROM STDIN`;

/**
 * A COPY text field: null as \N, else as it is. The columns hold uuids, the catalog's names and
 * instants the catalog validated: no character COPY escapes (one would fail the COPY, not slip in).
 */
const copyField = (v: unknown): string => (v === null || v === undefined ? "\\N" : (v as string));

/** The record's JSON (free text: a dismissal's reason), escaped for COPY. */
const copyJson = (v: unknown): string => copyEscape(JSON.stringify(v));

/**
 * The rows as COPY's text format, for a rebuild's bulk fill: Postgres writes a COPY's rows with
 * one WAL record per page, where INSERT … SELECT writes one per row and parses the whole batch's
 * JSON first (a 1M-event history: 33 s of inserts against 21 s).
 */
export function historyCopyText(rows: HistoryRows): string {
  let text = "";
  const last = HISTORY_COLUMNS.length; // the record's place
  for (const row of rows) {
    for (let i = 0; i < last; i++) text += `${copyField(row[i])}\t`;
    text += `${copyJson(row[last])}\n`;
  }
  return text;
}

/** Groups a log (position order) by entity. */
export function byEntity(events: readonly LoggedEvent[]): LoggedEvent[][] {
  const m = new Map<string, LoggedEvent[]>();
  for (const e of events) {
    const k = entityKey(refOf(e));
    const own = m.get(k);
    if (own) own.push(e);
    else m.set(k, [e]);
  }
  return [...m.values()];
}

/** Appends the rows of one entity's whole history (all its events), on both bases: one per loop interval. */
export function addEntityRows(rows: HistoryRows, events: readonly LoggedEvent[]): void {
  const head = events[0];
  if (!head) return;
  const { org_id } = head;
  const { type: entity_type, id: entity_id } = head.primary_entity;
  // One fold of the log for both bases where their instants follow it; all of it is kept, so not
  // for a long history (a 10,000-event deal holds ~1,200 loops in each of its states).
  const own = loopEvents(events);
  const shared = own.length <= SHARED_FOLD_MAX ? prefixFolds(own) : undefined;
  for (const basis of BASES) {
    for (const { record, visible_from, fromIso, toIso } of loopIntervals(own, basis, shared)) {
      rows.push([org_id, basis, entity_type, entity_id, fromIso, toIso ?? "infinity",
        record.id, record.type, record.status, record.due_at, record.closed_at, record.snoozed_until, visible_from, recordRest(record)]);
    }
  }
}

/** The record's fields that have columns of their own (loop_id for id): the jsonb leaves them out. */
const IN_COLUMNS = new Set<string>(["id", "type", "status", "due_at", "closed_at", "snoozed_until"]);

/**
 * What the record column holds: the record without the fields its row has as columns, and without
 * its nulls (most of an open loop's fields). 410 bytes of jsonb became ~165 on the bench's 1M-event
 * log, a row 560 → ~315; recordOfRow (as-of-rows.ts) puts the record back together.
 */
export function recordRest(record: LoopRecord): Partial<LoopRecord> {
  const rest: Record<string, unknown> = {};
  const fields = record as unknown as Record<string, unknown>;
  // for…in rather than Object.entries: no array per field (1.3 s of a 1M-event rebuild's ~20 s of Node).
  for (const k in fields) {
    const v = fields[k];
    if (v !== null && !IN_COLUMNS.has(k)) rest[k] = v;
  }
  return rest as Partial<LoopRecord>;
}
