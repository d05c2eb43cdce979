import type pg from "pg";
import { parseEntityState } from "~/domain/entities";
import { writeDerived } from "./project-events";
import type { ProjectionTables } from "./tables";

/**
 * Applies what time alone changes (an invoice falls due, a loop turns high): re-derives only the
 * entities whose stored next change is due, as indexed by entities.next_change_at.
 */
export async function tickTimeChanges(
  client: pg.PoolClient,
  tables: ProjectionTables,
  now: Date,
  limit = 2000,
): Promise<number> {
  const due = await client.query<{ state: unknown; last_position: number }>(
    `SELECT state, last_position FROM ${tables.entities}
      WHERE next_change_at <= $1 ORDER BY next_change_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  if (due.rows.length === 0) return 0;
  await writeDerived(
    client,
    tables,
    due.rows.map((r) => ({ state: parseEntityState(r.state), lastPosition: r.last_position })),
    now,
  );
  return due.rows.length;
}
