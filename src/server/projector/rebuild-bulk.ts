import type pg from "pg";
import { type EntityState, evolveEntity, initialEntityState } from "~/domain/entities";
import type { EntityType } from "~/domain/events";
import { withTransaction } from "../db/transaction";
import { EVENT_COLUMNS, type EventRow, type StoredEvent, rowToEvent } from "../events/stored-event";
import { type Checkpoint, START, saveCheckpoint } from "../subscriptions/checkpoint";
import { ISO_TIMESTAMPS } from "../subscriptions/iso-timestamps";
import { tryLockSubscriber } from "../subscriptions/lock";
import { takesCopyIn } from "../db/server-features";
import { type FreshRows, copyFreshRows, freshRows } from "./fresh-rows";
import { type Chunk, freshChunk, writeChunks } from "./project-events";
import { REBUILD } from "./tables";

/**
 * A rebuild's first pass: the events of transactions below a cut, read in entity order, each
 * entity folded whole and its row and loops inserted once into the (index-free) shadow tables.
 * Replaying the log in log order instead writes an entity again in every batch it appears in, and
 * looks up, updates and deletes rows as it goes (bench:scale: 8,500 events/s at 1M, 4,900 at 10M).
 * Per entity, version order is log order (an append locks its entities before its transaction
 * writes: calm_append_events.sql), so each state is the one a log-order replay reaches at the cut;
 * the second pass goes on from the cut in log order (rebuild.ts).
 */

export type EntityKey = { orgId: string; type: string; id: string };

/** Where the first pass stands: its cut, the last entity written (null before the first), events folded. */
export type FirstPass = { cut: string; after: EntityKey | null; folded: number };

const BEFORE_ALL: EntityKey = { orgId: "00000000-0000-0000-0000-000000000000", type: "", id: "00000000-0000-0000-0000-000000000000" };

export async function loadFirstPass(db: pg.Pool | pg.PoolClient): Promise<FirstPass | null> {
  const res = await db.query<{ cut: string; org: string | null; type: string | null; id: string | null; folded: number }>(
    `SELECT cut::text AS cut, after_org_id AS org, after_type AS type, after_id AS id, folded
       FROM projection_rebuild_progress WHERE subscriber_id = $1`,
    [REBUILD.subscriberId],
  );
  const r = res.rows[0];
  if (!r) return null;
  return { cut: r.cut, after: r.org && r.type && r.id ? { orgId: r.org, type: r.type, id: r.id } : null, folded: r.folded };
}

/** Starts a first pass below this database's horizon: every transaction under it has ended. */
export async function beginFirstPass(client: pg.PoolClient): Promise<void> {
  await client.query(
    `INSERT INTO projection_rebuild_progress (subscriber_id, cut) VALUES ($1, calm_log_horizon())
     ON CONFLICT (subscriber_id) DO UPDATE SET cut = EXCLUDED.cut, after_org_id = NULL, after_type = NULL, after_id = NULL,
       folded = 0, updated_at = now()`,
    [REBUILD.subscriberId],
  );
}

/** The next entities after `after` with events below the cut: about `size` events, each entity whole (also the loop history's rebuild). */
export async function readEntities(db: pg.Pool, cut: string, after: EntityKey | null, size: number): Promise<StoredEvent[]> {
  const from = after ?? BEFORE_ALL;
  const rows = (
    await db.query<EventRow>({
      text: `SELECT ${EVENT_COLUMNS} FROM system_events
              WHERE (org_id, primary_entity_type, primary_entity_id) > ($1::uuid, $2::varchar, $3::uuid) AND tx_id < $4::xid8
              ORDER BY org_id, primary_entity_type, primary_entity_id, entity_version
              LIMIT $5`,
      values: [from.orgId, from.type, from.id, cut, size],
      types: ISO_TIMESTAMPS,
    })
  ).rows;
  const last = rows.at(-1);
  if (last && rows.length === size) {
    const rest = await db.query<EventRow>({
      text: `SELECT ${EVENT_COLUMNS} FROM system_events
              WHERE org_id = $1 AND primary_entity_type = $2 AND primary_entity_id = $3 AND entity_version > $4 AND tx_id < $5::xid8
              ORDER BY entity_version`,
      values: [last.org_id, last.primary_entity_type, last.primary_entity_id, last.entity_version, cut],
      types: ISO_TIMESTAMPS,
    });
    rows.push(...rest.rows);
  }
  return rows.map(rowToEvent);
}

const sameEntity = (a: StoredEvent, b: StoredEvent) =>
  a.primary_entity.id === b.primary_entity.id && a.primary_entity.type === b.primary_entity.type && a.org_id === b.org_id;

/** Each entity's events (consecutive, in version order) folded from its initial state. */
function foldWhole(events: StoredEvent[]): { state: EntityState; lastPosition: number }[] {
  const out: { state: EntityState; lastPosition: number }[] = [];
  let state: EntityState | null = null;
  let lastPosition = 0;
  for (const e of events) {
    const { type, id } = e.primary_entity;
    if (state === null || state.entity_id !== id || state.entity_type !== type || state.org_id !== e.org_id) {
      if (state !== null) out.push({ state, lastPosition });
      state = initialEntityState(type as EntityType, id, e.org_id);
    }
    state = evolveEntity(state, e);
    lastPosition = e.position;
  }
  if (state !== null) out.push({ state, lastPosition });
  return out;
}

/** Entities per fold-and-serialize step; between steps the writer's next statement can go out. */
const STEP = 1000;

/**
 * The rows to write for these events, serialized by `serialize` (COPY text, or the live
 * projector's chunks where the server takes no COPY). Folded step by step, yielding in between:
 * this runs while the previous step's rows are written on another connection, whose statements
 * wait for the event loop.
 */
async function serializeEntities<T>(events: StoredEvent[], now: Date, serialize: (states: { state: EntityState; lastPosition: number }[], now: Date) => T): Promise<T[]> {
  const out: T[] = [];
  let from = 0;
  while (from < events.length) {
    // STEP entities' worth of events: up to the first event of the entity after them.
    let to = from;
    for (let n = 0; to < events.length; to++) {
      const e = events[to]!;
      const prev = events[to - 1];
      const boundary = to === from || !sameEntity(prev!, e);
      if (boundary && n++ === STEP) break;
    }
    out.push(serialize(foldWhole(events.slice(from, to)), now));
    from = to;
    await new Promise<void>((r) => setImmediate(r));
  }
  return out;
}

type Rows = { copy: FreshRows[] } | { chunks: Chunk[] };
type Prepared = { rows: Rows; events: number; last: EntityKey | null };

/**
 * Runs the first pass to its end from where `pass` stands, calling `onChunk` with the events
 * folded so far after each commit; returns how many it folded in all. The next entities are read and folded while a chunk is written.
 * Each chunk commits with the progress row, moved only from where this run left it (another
 * rebuild in between makes this one stop).
 */
export async function runFirstPass(
  pool: pg.Pool,
  clock: () => Date,
  pass: FirstPass,
  size: number,
  onChunk: (folded: number) => void,
): Promise<number> {
  // By COPY (fresh-rows.ts), but on the embedded PGlite, which takes none: there as the live projector writes.
  const copies = await takesCopyIn(pool);
  const prepare = async (after: EntityKey | null): Promise<Prepared> => {
    const events = await readEntities(pool, pass.cut, after, size);
    const last = events.at(-1);
    const key = last ? { orgId: last.org_id, type: last.primary_entity.type, id: last.primary_entity.id } : null;
    const rows: Rows = copies ? { copy: await serializeEntities(events, clock(), freshRows) } : { chunks: await serializeEntities(events, clock(), freshChunk) };
    return { rows, events: events.length, last: key };
  };
  let after = pass.after;
  let folded = pass.folded;
  let next = prepare(after);
  try {
    for (;;) {
      const p = await next;
      if (p.events === 0) return folded;
      next = prepare(p.last);
      next.catch(() => undefined); // awaited next turn, or moot if this one fails
      await withTransaction(pool, async (c) => {
        if (!(await tryLockSubscriber(c, REBUILD.subscriberId))) throw new Error(OVERLAP);
        if ("copy" in p.rows) await copyFreshRows(c, REBUILD, p.rows.copy);
        else await writeChunks(c, REBUILD, p.rows.chunks);
        const moved = await c.query(
          `UPDATE projection_rebuild_progress
              SET after_org_id = $2, after_type = $3, after_id = $4, folded = folded + $5, updated_at = now()
            WHERE subscriber_id = $1 AND (after_org_id, after_type, after_id) IS NOT DISTINCT FROM ($6::uuid, $7::varchar, $8::uuid)`,
          [REBUILD.subscriberId, p.last!.orgId, p.last!.type, p.last!.id, p.events, after?.orgId ?? null, after?.type ?? null, after?.id ?? null],
        );
        if (moved.rowCount !== 1) throw new Error(OVERLAP);
      });
      after = p.last;
      folded += p.events;
      onChunk(folded);
    }
  } finally {
    next.catch(() => undefined);
  }
}

export const OVERLAP = "another rebuild is running (it holds the shadow projection's lock)";

/**
 * Ends the first pass: the shadow's checkpoint becomes the last event below the cut (in the
 * subscriptions' (tx_id, position) order, every event below the cut comes first), and the progress
 * row goes, in one transaction.
 */
export async function endFirstPass(client: pg.PoolClient, pass: FirstPass): Promise<void> {
  const last = await client.query<{ tx: string; position: number }>(
    `SELECT tx_id::text AS tx, position FROM system_events WHERE tx_id < $1::xid8 ORDER BY tx_id DESC, position DESC LIMIT 1`,
    [pass.cut],
  );
  const at: Checkpoint = last.rows[0] ? { txId: last.rows[0].tx, position: last.rows[0].position } : START;
  await saveCheckpoint(client, REBUILD.subscriberId, at);
  await client.query("DELETE FROM projection_rebuild_progress WHERE subscriber_id = $1", [REBUILD.subscriberId]);
}
