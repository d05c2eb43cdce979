import type pg from "pg";
import { entityKey, refOf } from "~/domain/entities";
import { EVENT_COLUMNS, type EventRow, rowToEvent, type StoredEvent } from "../events/stored-event";
import { postgresCheckpointStore } from "../subscriptions/pg-checkpoint-store";
import type { Subscriber } from "../subscriptions/subscriber";
import { addEntityRows, byEntity, HISTORY_INSERT, type HistoryRows, historyParams } from "./history-rows";
import { ISO_TIMESTAMPS } from "../subscriptions/iso-timestamps";

export const LOOP_HISTORY_SUBSCRIBER = "loop-history";

/** The entities a batch touched, and their history rewritten from all their events. */
export type HistoryEffects = { keys: { org: string[]; type: string[]; id: string[] }; rows: HistoryRows };

const TOUCHED = "SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS t(org_id, type, id)";

/**
 * Reads every event of the entities in `batch` (not only the batch's: a late-recorded event can
 * change versions before it) and derives their whole history. Events past the batch that are
 * already committed are welcome: the history is a function of the entity's log, and the batch
 * that brings them rewrites it again.
 */
async function prepare(db: pg.Pool | pg.PoolClient, batch: StoredEvent[]): Promise<HistoryEffects> {
  const keys = { org: [] as string[], type: [] as string[], id: [] as string[] };
  const seen = new Set<string>();
  for (const e of batch) {
    const ref = refOf(e);
    const k = entityKey(ref);
    if (seen.has(k)) continue;
    seen.add(k);
    keys.org.push(ref.org_id);
    keys.type.push(ref.type);
    keys.id.push(ref.id);
  }
  const rows: HistoryRows = [];
  if (keys.org.length === 0) return { keys, rows };
  const res = await db.query<EventRow>({
    text: `SELECT ${EVENT_COLUMNS} FROM system_events s
      WHERE (s.org_id, s.primary_entity_type, s.primary_entity_id) IN (${TOUCHED})
      ORDER BY s.position`,
    values: [keys.org, keys.type, keys.id],
    types: ISO_TIMESTAMPS,
  });
  for (const own of byEntity(res.rows.map(rowToEvent))) addEntityRows(rows, own);
  return { keys, rows };
}

async function write(client: pg.PoolClient, fx: HistoryEffects): Promise<void> {
  if (fx.keys.org.length === 0) return;
  await client.query(
    `DELETE FROM loop_history h USING (${TOUCHED}) t
      WHERE h.org_id = t.org_id AND h.entity_type = t.type AND h.entity_id = t.id`,
    [fx.keys.org, fx.keys.type, fx.keys.id],
  );
  if (fx.rows.length > 0) await client.query(HISTORY_INSERT, historyParams(fx.rows));
}

/** A subscriber of its own (own checkpoint and lock): the projector's apply path stays as it is. */
export const loopHistorySubscriber: Subscriber<HistoryEffects> = {
  id: LOOP_HISTORY_SUBSCRIBER,
  prepare: (db, events) => prepare(db, events),
  store: postgresCheckpointStore(LOOP_HISTORY_SUBSCRIBER, write),
};
