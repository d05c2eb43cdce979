import type pg from "pg";
import { type EntityRef, type EntityState, entityKey, evolveEntity, initialEntityState, nextChangeAt, refOf } from "~/domain/entities";
import { type Loop, deriveLoops } from "~/domain/loops";
import type { StoredEvent } from "../events/stored-event";
import { type LoadedState, loadStates, saveStates, statesPayload } from "./entity-store";
import { type LoopWrites, type LoopWritesPayload, addLoopWrites, loopWritesPayload, saveLoops } from "./loop-store";
import { CHANNELS } from "../signals/channels";
import { notifyInTransaction } from "../signals/publish";
import type { ProjectionTables } from "./tables";

/** Entities per statement: bounds each statement's JSON document. */
const CHUNK = 1000;

/** `fresh`: the entity had no row (so no loop rows either). */
type Item = { state: EntityState; lastPosition: number; before?: Loop[]; fresh?: boolean };
type Chunk = { inserts: string | null; upserts: string | null; loops: LoopWritesPayload };

/**
 * A batch folded, derived and serialized, ready to write: what `applyProjection` sends. `after`
 * holds the entities' new states, so the next batch can be prepared before this one is written.
 * `changedOrgs`: set by applyProjection, the orgs whose loops it changed (notified at commit).
 */
export type PreparedProjection = { chunks: Chunk[]; orgIds: string[]; after: Map<string, LoadedState>; changedOrgs?: string[] };

/**
 * Folds a batch (in subscription order) into the entity read model and re-derives the touched
 * entities' loops at `now`. Runs inside the subscriber's transaction, with its checkpoint.
 */
export async function projectEvents(
  client: pg.PoolClient,
  tables: ProjectionTables,
  events: StoredEvent[],
  now: Date,
): Promise<void> {
  await applyProjection(client, tables, await prepareProjection(client, tables, events, now, null));
}

/**
 * The read-only half of projecting a batch: load the touched entities, fold, derive their loops at
 * `now`, serialize the writes. `previous`: the batch before this one, prepared but perhaps not yet
 * committed; its entities' states are taken from it rather than from the table.
 */
export async function prepareProjection(
  db: pg.Pool | pg.PoolClient,
  tables: ProjectionTables,
  events: StoredEvent[],
  now: Date,
  previous: PreparedProjection | null,
): Promise<PreparedProjection> {
  // Within one batch the fold must follow log order per entity; (tx_id, position) order already
  // is per-entity log order because versions are assigned under a per-entity lock.
  const byEntity = new Map<string, { ref: EntityRef; events: StoredEvent[] }>();
  for (const e of events) {
    const ref = refOf(e);
    const key = entityKey(ref);
    const group = byEntity.get(key);
    if (group) group.events.push(e);
    else byEntity.set(key, { ref, events: [e] });
  }
  const carried = previous?.after ?? new Map<string, LoadedState>();
  const toLoad = [...byEntity].filter(([key]) => !carried.has(key)).map(([, g]) => g.ref);
  const loaded = await loadStates(db, tables, toLoad);
  const after = new Map<string, LoadedState>();
  const chunks: Chunk[] = [];
  let items: Item[] = [];
  for (const [key, { ref, events: own }] of byEntity) {
    const prior = carried.get(key) ?? loaded.get(key);
    let state = prior?.state ?? initialEntityState(ref.type, ref.id, ref.org_id);
    for (const e of own) state = evolveEntity(state, e);
    items.push({ state, lastPosition: own.at(-1)!.position, before: rowsBefore(prior, now), fresh: prior === undefined });
    after.set(key, { state, nextChangeAt: nextChangeAt(state, now)?.getTime() ?? null, refolded: false });
    if (items.length === CHUNK) {
      chunks.push(serialize(items, now));
      items = [];
      // Prepared ahead, this runs while the previous batch is written on another connection:
      // yield so that connection's next statement is not held up behind a whole batch's fold.
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  if (items.length > 0) chunks.push(serialize(items, now));
  return { chunks, orgIds: [...new Set([...byEntity.values()].map((g) => g.ref.org_id))], after };
}

/**
 * The writing half: the chunks' statements one after another (a connection runs one at a time
 * anyway; everything was serialized in `prepare`, so nothing is computed in between), then notifies.
 */
export async function applyProjection(client: pg.PoolClient, tables: ProjectionTables, p: PreparedProjection): Promise<void> {
  let changed = 0;
  for (const c of p.chunks) changed += await sendChunk(client, tables, c);
  p.changedOrgs = await notifyIfChanged(client, tables, p.orgIds, changed);
}

function serialize(items: Item[], now: Date): Chunk {
  const writes: LoopWrites = { upsert: [], deleteIds: [], replace: [] };
  const freshLoops: Loop[] = [];
  for (const { state, before, fresh } of items) {
    if (fresh) freshLoops.push(...deriveLoops(state, now));
    else addLoopWrites(writes, state, before, deriveLoops(state, now));
  }
  const fresh = items.filter((i) => i.fresh);
  const known = items.filter((i) => !i.fresh);
  return {
    inserts: fresh.length > 0 ? statesPayload(fresh, now) : null,
    upserts: known.length > 0 ? statesPayload(known, now) : null,
    loops: loopWritesPayload(writes, freshLoops),
  };
}

async function sendChunk(client: pg.PoolClient, tables: ProjectionTables, c: Chunk): Promise<number> {
  if (c.inserts !== null) await saveStates(client, tables, c.inserts, "insert");
  if (c.upserts !== null) await saveStates(client, tables, c.upserts, "upsert");
  return saveLoops(client, tables, c.loops);
}

/**
 * What the entity's open_loops rows hold at `now` without reading them: none for a new entity;
 * deriveLoops(stored state, now) while its stored next change is still ahead (the rows were
 * derived from that state, and time alone changes nothing before that instant). undefined when
 * unknown (a time change is due, or the state was refolded): its rows are then replaced.
 */
function rowsBefore(stored: LoadedState | undefined, now: Date): Loop[] | undefined {
  if (!stored) return [];
  if (stored.refolded || (stored.nextChangeAt !== null && stored.nextChangeAt <= now.getTime())) return undefined;
  return deriveLoops(stored.state, now);
}

/**
 * Saves states and their loops at `now` (only the loops that differ from `before`; all of the
 * entity's rows when `before` is undefined); notifies listeners of the orgs whose loops changed,
 * and returns those orgs.
 */
export async function writeDerived(client: pg.PoolClient, tables: ProjectionTables, items: Item[], now: Date): Promise<string[]> {
  const changed = await sendChunk(client, tables, serialize(items, now));
  return notifyIfChanged(client, tables, items.map((s) => s.state.org_id), changed);
}

/**
 * The live projection's changes, as a NOTIFY delivered at commit (other processes' dashboards);
 * the orgs are returned for the caller to tell this process's after the commit.
 */
async function notifyIfChanged(client: pg.PoolClient, tables: ProjectionTables, orgIds: string[], changed: number): Promise<string[]> {
  if (changed === 0 || tables.loops !== "open_loops") return [];
  const orgs = [...new Set(orgIds)];
  await notifyInTransaction(client, CHANNELS.loopsChanged, orgs);
  return orgs;
}
