import type pg from "pg";
import type { LoopChangeKind } from "~/domain/loops";
import { loopChangesBetween, type TimeBasis } from "~/domain/time-travel";
import { AppError } from "../errors";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "../events/stored-event";
import type { LoopRow } from "../loops/list-loops";
import { entityNames, toLoopRow } from "./as-of-rows";
import { byEntity } from "./history-rows";
import { ISO_TIMESTAMPS } from "../subscriptions/iso-timestamps";

export type ChangesQuery = { from: Date; to: Date; basis: TimeBasis; cursor?: string | null; limit: number };

export type LoopChangeItem = { kind: LoopChangeKind; changed_at: string; caused_by_event_id: string | null; loop: LoopRow };

type Keyed = { key: string; item: Omit<LoopChangeItem, "loop"> & { loop: Parameters<typeof toLoopRow>[0] } };

/**
 * The entities whose loops can have changed in (from, to], read off loop_history alone: a version
 * that starts or ends there (an event joined the fold; an entity with no loop on either side of it
 * has no loop change), or an instant there where time moves a loop of a version valid then (an
 * active loop's due date or snooze end, an invoice falling due). Each part reads its own index
 * (migration 20261202050100). A superset is harmless: the changes are recomputed from the log.
 */
async function candidates(db: pg.Pool, orgId: string, q: ChangesQuery): Promise<{ type: string; id: string }[]> {
  const overlaps = "h.valid_to > $3 AND h.valid_from <= $4";
  const res = await db.query<{ type: string; id: string }>(
    `SELECT h.entity_type AS type, h.entity_id AS id FROM loop_history h
      WHERE h.org_id = $1 AND h.basis = $2 AND h.valid_from > $3 AND h.valid_from <= $4
     UNION
     SELECT h.entity_type, h.entity_id FROM loop_history h
      WHERE h.org_id = $1 AND h.basis = $2 AND h.status IN ('active', 'dismissed', 'resolved') AND h.valid_to > $3 AND h.valid_to <= $4
     UNION
     SELECT h.entity_type, h.entity_id FROM loop_history h
      WHERE h.org_id = $1 AND h.basis = $2 AND h.status = 'active' AND h.due_at > $3 AND h.due_at <= $4 AND ${overlaps}
     UNION
     SELECT h.entity_type, h.entity_id FROM loop_history h
      WHERE h.org_id = $1 AND h.basis = $2 AND h.snoozed_until > $3 AND h.snoozed_until <= $4 AND ${overlaps}
     UNION
     SELECT h.entity_type, h.entity_id FROM loop_history h
      WHERE h.org_id = $1 AND h.basis = $2 AND h.visible_from > $3 AND h.visible_from <= $4 AND ${overlaps}`,
    [orgId, q.basis, q.from, q.to],
  );
  return res.rows;
}

// Order: changed_at, then entity, then the change's place in that entity's sequence (stable).
const sortKey = (changedAt: string, type: string, id: string, seq: number) => `${changedAt}|${type}|${id}|${String(seq).padStart(6, "0")}`;

function decodeChangesCursor(cursor: string): string {
  const key = Buffer.from(cursor, "base64url").toString();
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\|[a-z_]{1,32}\|[0-9a-f-]{36}\|\d{6}$/.test(key)) {
    throw new AppError("invalid_cursor", "cursor is not one this API returned", ["cursor"]);
  }
  return key;
}

/**
 * loops.changes: every loop change whose moment lies in (from, to] on `basis`, each with the
 * event that caused it (null: time alone), ordered by changed_at then a stable tie-break, paged.
 * Each entity's changes are the pure diff of its consecutive fold points (loopChangesBetween).
 */
export async function loopChanges(db: pg.Pool, orgId: string, q: ChangesQuery): Promise<{ items: LoopChangeItem[]; nextCursor: string | null }> {
  if (q.from.getTime() >= q.to.getTime()) throw new AppError("invalid_moment", "from must be before to", ["from"]);
  const after = q.cursor ? decodeChangesCursor(q.cursor) : null;
  const refs = await candidates(db, orgId, q);
  if (refs.length === 0) return { items: [], nextCursor: null };
  const res = await db.query<EventRow>({
    text: `SELECT ${EVENT_COLUMNS} FROM system_events s
      WHERE (s.org_id, s.primary_entity_type, s.primary_entity_id) IN (SELECT $1::uuid, t.type, t.id FROM unnest($2::text[], $3::uuid[]) AS t(type, id))
      ORDER BY s.position`,
    values: [orgId, refs.map((r) => r.type), refs.map((r) => r.id)],
    types: ISO_TIMESTAMPS,
  });
  const all: Keyed[] = [];
  for (const own of byEntity(res.rows.map(rowToEvent))) {
    loopChangesBetween(own, q.from.getTime(), q.to.getTime(), q.basis).forEach((c, seq) => {
      const key = sortKey(c.changed_at, c.loop.entity_type, c.loop.entity_id, seq);
      if (after === null || key > after) all.push({ key, item: c });
    });
  }
  all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = all.slice(0, q.limit);
  const names = await entityNames(db, orgId, page.map((k) => ({ type: k.item.loop.entity_type, id: k.item.loop.entity_id })));
  const items = page.map(({ item }) => ({
    kind: item.kind,
    changed_at: item.changed_at,
    caused_by_event_id: item.caused_by_event_id,
    loop: toLoopRow(item.loop, item.changed_at, names.get(`${item.loop.entity_type}:${item.loop.entity_id}`)),
  }));
  const last = page.at(-1);
  return { items, nextCursor: all.length > q.limit && last ? Buffer.from(last.key).toString("base64url") : null };
}

