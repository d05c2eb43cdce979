import type pg from "pg";
import { ENTITY_TYPES, type EntityType } from "~/domain/events";
import { AppError } from "../errors";
import { ENTITY_ROW_COLUMNS, type EntityItem, type EntityRow, toItems } from "./entity-items";

export type ListEntitiesQuery = { type?: EntityType; cursor?: string | null; limit: number };

/**
 * One type's page, newest activity first, by idx_entities_activity (org_id, type, last_position
 * DESC); $2 is the cursor (a position: the page holds entities whose latest event is older).
 */
const typePage = (param: number) =>
  `(SELECT org_id, type, id, display_name, state, version, last_position FROM entities
     WHERE org_id = $1 AND type = $${param} AND last_position < $2 ORDER BY last_position DESC LIMIT $3)`;

/**
 * The org's entities by recent activity (the record time of their latest event), newest first,
 * keyset-paged by that event's position. All types at once merge the four per-type index scans.
 */
export async function listEntities(db: pg.Pool, orgId: string, q: ListEntitiesQuery): Promise<{ items: EntityItem[]; nextCursor: string | null }> {
  const before = q.cursor ? decodeCursor(q.cursor) : Number.MAX_SAFE_INTEGER.toString();
  const types = q.type ? [q.type] : [...ENTITY_TYPES];
  const res = await db.query<EntityRow>(
    `WITH page AS (SELECT * FROM (${types.map((_, i) => typePage(4 + i)).join(" UNION ALL ")}) u ORDER BY last_position DESC LIMIT $3)
     SELECT ${ENTITY_ROW_COLUMNS} FROM page e JOIN system_events s ON s.position = e.last_position
      ORDER BY e.last_position DESC`,
    [orgId, before, q.limit + 1, ...types],
  );
  const rows = res.rows.slice(0, q.limit);
  const items = await toItems(db, rows);
  const last = rows.at(-1);
  return { items: items.map((i) => i.item), nextCursor: res.rows.length > q.limit && last ? String(last.last_position) : null };
}

function decodeCursor(cursor: string): string {
  if (!/^[1-9]\d{0,17}$/.test(cursor)) throw new AppError("invalid_cursor", "cursor is not one this API returned", ["cursor"]);
  return cursor;
}
