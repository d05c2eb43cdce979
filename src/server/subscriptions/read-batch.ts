import type pg from "pg";
import { EVENT_COLUMNS, type EventRow, type StoredEvent, rowToEvent } from "../events/stored-event";
import type { Checkpoint } from "./checkpoint";
import { ISO_TIMESTAMPS } from "./iso-timestamps";

/** The rows after a checkpoint (`events`: the log's events, or another source's rows), each row's tx_id as text. */
export type Batch<R = StoredEvent> = { events: R[]; txIds: string[]; last: Checkpoint | null };

/**
 * A table subscribers read in (tx_id xid8, position bigserial) order below the horizon: the log
 * (system_events) or an outbox written the same way (loop_changes, read by the loop relay).
 * `columns`: the SELECT list; `toRow`: a row as the subscriber takes it.
 */
export type Source<R extends { position: number }> = {
  table: string;
  columns: string;
  toRow: (row: never) => R;
  /** The query's type parsers, if not ISO_TIMESTAMPS (which any replacement should keep for timestamptz). */
  types?: typeof ISO_TIMESTAMPS;
};

export const EVENTS: Source<StoredEvent> = { table: "system_events", columns: EVENT_COLUMNS, toRow: (r: EventRow) => rowToEvent(r) };

/**
 * The next events after `after`, in (tx_id, position) order, taking only rows whose transaction
 * is older than every transaction of this database still running (calm_log_horizon(): other
 * databases' transactions cannot write this log, so they hold nothing back). A writer that took
 * its position early but commits late has a tx_id below that horizon only once it has committed,
 * so it is never skipped (reading `position > last` alone silently loses such events — Emmett's bug).
 */
export function readBatch(db: pg.PoolClient | pg.Pool, after: Checkpoint, limit: number): Promise<Batch> {
  return readSource(db, EVENTS, after, limit);
}

/** readBatch over any source written as the log is (tx_id defaulting to pg_current_xact_id(), a bigserial position). */
export async function readSource<R extends { position: number }>(
  db: pg.PoolClient | pg.Pool,
  source: Source<R>,
  after: Checkpoint,
  limit: number,
): Promise<Batch<R>> {
  // The horizon is a sub-select: evaluated once, with this statement's snapshot.
  // The text copy of tx_id needs its own name: aliased `tx_id`, ORDER BY would sort by the text
  // ('100' < '99'), losing events where xids gain a digit, and could not use the index.
  const res = await db.query<{ tx_text: string; position: number }>({
    text: `SELECT ${source.columns}, tx_id::text AS tx_text FROM ${source.table}
      WHERE (tx_id, position) > ($1::xid8, $2::bigint)
        AND tx_id < (SELECT calm_log_horizon())
      ORDER BY tx_id, position
      LIMIT $3`,
    values: [after.txId, after.position, limit],
    types: source.types ?? ISO_TIMESTAMPS,
  });
  const lastRow = res.rows.at(-1);
  const toRow = source.toRow as (row: unknown) => R;
  return {
    events: res.rows.map((r) => toRow(r)),
    txIds: res.rows.map((r) => r.tx_text),
    last: lastRow ? { txId: lastRow.tx_text, position: lastRow.position } : null,
  };
}
