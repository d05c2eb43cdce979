import type pg from "pg";
import type { EntityState } from "~/domain/entities";
import type { Loop } from "~/domain/loops";
import type { ProjectionTables } from "./tables";

/**
 * Writes the derived loops of the given entities: upserts what exists now and deletes what no
 * longer derives (an overdue invoice whose late-recorded payment predates its due date).
 * Returns how many rows changed, so callers only notify listeners on real changes.
 */
export async function saveLoops(
  client: pg.PoolClient,
  tables: ProjectionTables,
  entities: EntityState[],
  loops: Loop[],
): Promise<number> {
  if (entities.length === 0) return 0;
  const deleted = await client.query(
    `DELETE FROM ${tables.loops} l
      USING unnest($1::uuid[], $2::text[], $3::uuid[]) AS k(org_id, type, id)
      WHERE l.org_id = k.org_id AND l.entity_type = k.type AND l.entity_id = k.id AND NOT (l.id = ANY($4::uuid[]))`,
    [entities.map((s) => s.org_id), entities.map((s) => s.entity_type), entities.map((s) => s.entity_id), loops.map((l) => l.id)],
  );
  if (loops.length === 0) return deleted.rowCount ?? 0;
  const upserted = await client.query(
    `INSERT INTO ${tables.loops} (id, org_id, type, entity_type, entity_id, due_at, severity, suggested_action, status,
                                  opened_by_event_id, closed_by_event_id, close_note, created_at, updated_at)
     SELECT *, now(), now() FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[],
                                        $7::text[], $8::text[], $9::text[], $10::uuid[], $11::uuid[], $12::text[])
     ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at, severity = EXCLUDED.severity, status = EXCLUDED.status,
       closed_by_event_id = EXCLUDED.closed_by_event_id, close_note = EXCLUDED.close_note, updated_at = now()
     WHERE (${tables.loops}.due_at, ${tables.loops}.severity, ${tables.loops}.status, ${tables.loops}.closed_by_event_id,
            ${tables.loops}.close_note)
           IS DISTINCT FROM (EXCLUDED.due_at, EXCLUDED.severity, EXCLUDED.status, EXCLUDED.closed_by_event_id, EXCLUDED.close_note)`,
    [
      loops.map((l) => l.id), loops.map((l) => l.org_id), loops.map((l) => l.type), loops.map((l) => l.entity_type),
      loops.map((l) => l.entity_id), loops.map((l) => l.due_at), loops.map((l) => l.severity),
      loops.map((l) => l.suggested_action), loops.map((l) => l.status), loops.map((l) => l.opened_by_event_id),
      loops.map((l) => l.closed_by_event_id), loops.map((l) => l.reason ?? l.note),
    ],
  );
  return (deleted.rowCount ?? 0) + (upserted.rowCount ?? 0);
}
