import type pg from "pg";
import { AppError } from "../errors";
import { EVENT_COLUMNS, type EventRow, type StoredEvent, rowToEvent } from "../events/stored-event";
import { ISO_TIMESTAMPS } from "../subscriptions/iso-timestamps";

export type FeedEvents = { items: StoredEvent[]; nextCursor: string | null };

// The feed reads as the user reads it: by when things happened (occurred_at), newest first, ties
// in log order. Record order put "2 days ago" above "43 minutes ago" for a late-recorded event
// (issue 13). Keyset-paged on (occurred_at, position): idx_system_events_org_occurred
// (org_id, occurred_at DESC) gives the order, an incremental sort breaks the rare ties. The cursor
// carries occurred_at in whole microseconds, Postgres's own precision, so no event at the edge of
// a page is skipped or repeated.
const CURSOR = /^(-?\d{1,18})_(\d{1,19})$/;

/** One page of the org's events by occurred_at, newest first. */
export async function feedEvents(db: pg.Pool, orgId: string, q: { cursor?: string | null; limit: number }): Promise<FeedEvents> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const res = await db.query<EventRow & { occurred_us: string }>({
    text: `SELECT ${EVENT_COLUMNS}, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS occurred_us
       FROM system_events
      WHERE org_id = $1
        AND ($2::bigint IS NULL OR (occurred_at <= timestamptz 'epoch' + $2::bigint * interval '1 microsecond'
             AND (occurred_at < timestamptz 'epoch' + $2::bigint * interval '1 microsecond' OR position < $3::bigint)))
      ORDER BY occurred_at DESC, position DESC
      LIMIT $4`,
    values: [orgId, after?.us ?? null, after?.position ?? null, q.limit + 1],
    types: ISO_TIMESTAMPS,
  });
  const rows = res.rows.slice(0, q.limit);
  const last = rows.at(-1);
  return {
    items: rows.map(rowToEvent),
    nextCursor: res.rows.length > q.limit && last ? `${last.occurred_us}_${last.position}` : null,
  };
}

function decodeCursor(cursor: string): { us: string; position: string } {
  const m = CURSOR.exec(cursor);
  if (!m) throw new AppError("invalid_cursor", "cursor is not one this API returned", ["cursor"]);
  return { us: m[1]!, position: m[2]! };
}
