import type pg from "pg";
import type { EntityType } from "~/domain/events";
import { AppError } from "../errors";
import { ISO_TIMESTAMPS } from "../subscriptions/iso-timestamps";
import { EVENT_COLUMNS, type EventRow, type StoredEvent, rowToEvent } from "./stored-event";

export type Page<T> = { items: T[]; nextCursor: number | null };

/** An entity's events newest first (log order), paged by entity_version. NOT_FOUND outside the org. */
export async function entityTimeline(
  db: pg.Pool,
  orgId: string,
  q: { type: EntityType; id: string; cursor?: number | null; limit: number },
): Promise<Page<StoredEvent>> {
  const res = await db.query<EventRow>({
    text: `SELECT ${EVENT_COLUMNS} FROM system_events
      WHERE org_id = $1 AND primary_entity_type = $2 AND primary_entity_id = $3 AND entity_version < $4
      ORDER BY entity_version DESC LIMIT $5`,
    values: [orgId, q.type, q.id, q.cursor ?? 2_147_483_647, q.limit + 1],
    types: ISO_TIMESTAMPS,
  });
  // An empty page past a cursor is the end of an entity this org has, or another org's entity.
  if (res.rows.length === 0 && (q.cursor == null || !(await hasEntity(db, orgId, q.type, q.id)))) {
    throw new AppError("entity_not_found", `no ${q.type} ${q.id}`);
  }
  return page(res.rows, q.limit, (e) => e.entity_version);
}

async function hasEntity(db: pg.Pool, orgId: string, type: EntityType, id: string): Promise<boolean> {
  const res = await db.query(
    "SELECT 1 FROM system_events WHERE org_id = $1 AND primary_entity_type = $2 AND primary_entity_id = $3 LIMIT 1",
    [orgId, type, id],
  );
  return res.rowCount === 1;
}

/** All of an entity's events in log order (for folds and time travel). */
export async function entityEvents(db: pg.Pool, orgId: string, type: EntityType, id: string): Promise<StoredEvent[]> {
  // Instants as ISO text without a Date in between: parsing 2 × 1,000 of them into Dates and
  // printing them again was half of entities.asOf's Node CPU for a 1,000-event entity.
  const res = await db.query<EventRow>({
    text: `SELECT ${EVENT_COLUMNS} FROM system_events
      WHERE org_id = $1 AND primary_entity_type = $2 AND primary_entity_id = $3 ORDER BY entity_version`,
    values: [orgId, type, id],
    types: ISO_TIMESTAMPS,
  });
  return res.rows.map(rowToEvent);
}

/**
 * An entity's events known as of a moment on a basis (occurred_at or created_at, to the millisecond
 * as events carry them), in log order, and how many events it has in all (its last version:
 * versions run 1, 2, 3… per entity). Time travel folds only these: scrubbing to the middle of a
 * long history reads and parses half of it, not all of it.
 */
export async function entityEventsAsOf(
  db: pg.Pool,
  orgId: string,
  q: { type: EntityType; id: string; asOf: Date; basis: "occurred" | "recorded" },
): Promise<{ events: StoredEvent[]; total: number }> {
  const instant = q.basis === "occurred" ? "occurred_at" : "created_at";
  const res = await db.query<EventRow & { total: number }>({
    text: `SELECT ${EVENT_COLUMNS},
        (SELECT max(entity_version) FROM system_events WHERE org_id = $1 AND primary_entity_type = $2 AND primary_entity_id = $3) AS total
      FROM system_events
      WHERE org_id = $1 AND primary_entity_type = $2 AND primary_entity_id = $3 AND date_trunc('milliseconds', ${instant}) <= $4::timestamptz
      ORDER BY entity_version`,
    values: [orgId, q.type, q.id, q.asOf.toISOString()],
    types: ISO_TIMESTAMPS,
  });
  if (res.rows.length > 0) return { events: res.rows.map(rowToEvent), total: res.rows[0]!.total };
  // Nothing known yet at that moment: is there an entity at all (in this org)?
  const last = await db.query<{ total: number | null }>(
    "SELECT max(entity_version) AS total FROM system_events WHERE org_id = $1 AND primary_entity_type = $2 AND primary_entity_id = $3",
    [orgId, q.type, q.id],
  );
  return { events: [], total: last.rows[0]?.total ?? 0 };
}

/** The org's events newest first, paged by position. */
export async function orgActivity(
  db: pg.Pool,
  orgId: string,
  q: { cursor?: number | null; limit: number },
): Promise<Page<StoredEvent>> {
  const res = await db.query<EventRow>({
    text: `SELECT ${EVENT_COLUMNS} FROM system_events WHERE org_id = $1 AND position < $2 ORDER BY position DESC LIMIT $3`,
    values: [orgId, q.cursor ?? Number.MAX_SAFE_INTEGER, q.limit + 1],
    types: ISO_TIMESTAMPS,
  });
  return page(res.rows, q.limit, (e) => e.position);
}

function page(rows: EventRow[], limit: number, cursorOf: (e: StoredEvent) => number): Page<StoredEvent> {
  const items = rows.slice(0, limit).map(rowToEvent);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}
