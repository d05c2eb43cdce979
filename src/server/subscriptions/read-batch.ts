import type pg from "pg";
import { EVENT_COLUMNS, type EventRow, type StoredEvent, rowToEvent } from "../events/stored-event";
import type { Checkpoint } from "./checkpoint";
import { ISO_TIMESTAMPS } from "./iso-timestamps";

export type Batch = { events: StoredEvent[]; txIds: string[]; last: Checkpoint | null };

/**
 * The next events after `after`, in (tx_id, position) order, taking only rows whose transaction
 * is older than every transaction of this database still running (calm_log_horizon(): other
 * databases' transactions cannot write this log, so they hold nothing back). A writer that took
 * its position early but commits late has a tx_id below that horizon only once it has committed,
 * so it is never skipped (reading `position > last` alone silently loses such events — Emmett's bug).
 */
export async function readBatch(db: pg.PoolClient | pg.Pool, after: Checkpoint, limit: number): Promise<Batch> {
  // The horizon is a sub-select: evaluated once, with this statement's snapshot.
  // The text copy of tx_id needs its own name: aliased `tx_id`, ORDER BY would sort by the text
  // ('100' < '99'), losing events where xids gain a digit, and could not use the index.
  const res = await db.query<EventRow & { tx_text: string }>({
    text: `SELECT ${EVENT_COLUMNS}, tx_id::text AS tx_text FROM system_events
      WHERE (tx_id, position) > ($1::xid8, $2::bigint)
        AND tx_id < (SELECT calm_log_horizon())
      ORDER BY tx_id, position
      LIMIT $3`,
    values: [after.txId, after.position, limit],
    types: ISO_TIMESTAMPS,
  });
  const lastRow = res.rows.at(-1);
  return {
    events: res.rows.map(rowToEvent),
    txIds: res.rows.map((r) => r.tx_text),
    last: lastRow ? { txId: lastRow.tx_text, position: lastRow.position } : null,
  };
}
