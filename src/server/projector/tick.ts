import type pg from "pg";
import { type EntityRef, entityKey } from "~/domain/entities";
import { type StoredEntityRow, foldManyFromLog, hydrateState } from "./entity-store";
import { type Careful, writeDerived } from "./project-events";
import type { ProjectionTables } from "./tables";

/**
 * Applies what time alone changes (an invoice falls due, a loop turns high): re-derives only the
 * entities whose stored next change is due, as indexed by entities.next_change_at. Returns how
 * many it re-derived and the orgs whose loops changed (notified at commit). `careful`: after a
 * tick refused as stale (project-events.ts, Careful), each due entity is refolded and its rows read.
 */
export async function tickTimeChanges(
  client: pg.PoolClient,
  tables: ProjectionTables,
  now: Date,
  limit = 2000,
  opts: Careful = {},
): Promise<{ ticked: number; changedOrgs: string[] }> {
  const due = await client.query<StoredEntityRow & { last_position: number; next_change_at: Date }>(
    `SELECT org_id, type, id, state, version, last_position, next_change_at FROM ${tables.entities}
      WHERE next_change_at <= $1 ORDER BY next_change_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  if (due.rows.length === 0) return { ticked: 0, changedOrgs: [] };
  const refolds = opts.careful ? await foldManyFromLog(client, due.rows.map((r) => ({ ref: r as EntityRef, version: r.version }))) : null;
  const entities = [];
  for (const r of due.rows) {
    const hydrated = refolds?.get(entityKey(r as EntityRef)) ?? (await hydrateState(client, r));
    entities.push({ stored: { ...hydrated, nextChangeAt: r.next_change_at.getTime() }, lastPosition: r.last_position });
  }
  const changedOrgs = await writeDerived(client, tables, entities, now, opts);
  return { ticked: due.rows.length, changedOrgs };
}
