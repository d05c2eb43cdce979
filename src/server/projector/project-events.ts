import type pg from "pg";
import { type EntityRef, type EntityState, entityKey, evolveEntity, initialEntityState, refOf } from "~/domain/entities";
import { type Loop, deriveLoops } from "~/domain/loops";
import type { StoredEvent } from "../events/stored-event";
import { type LoadedState, loadStates, saveStates } from "./entity-store";
import { type LoopWrites, addLoopWrites, saveLoops } from "./loop-store";
import { LOOPS_CHANNEL, type ProjectionTables } from "./tables";

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
  // Within one batch the fold must follow log order per entity; (tx_id, position) order already
  // is per-entity log order because versions are assigned under a per-entity lock.
  const refs = new Map<string, EntityRef>();
  for (const e of events) refs.set(entityKey(refOf(e)), refOf(e));
  const stored = await loadStates(client, tables, [...refs.values()]);
  const states = new Map<string, EntityState>();
  const last = new Map<string, number>();
  for (const e of events) {
    const key = entityKey(refOf(e));
    const ref = refs.get(key)!;
    const prior = states.get(key) ?? stored.get(key)?.state ?? initialEntityState(ref.type, ref.id, ref.org_id);
    states.set(key, evolveEntity(prior, e));
    last.set(key, e.position);
  }
  const items = [...states].map(([key, state]) => ({ state, lastPosition: last.get(key)!, before: rowsBefore(stored.get(key), now) }));
  await writeDerived(client, tables, items, now);
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
 * entity's rows when `before` is undefined); notifies listeners of the orgs whose loops changed.
 */
export async function writeDerived(
  client: pg.PoolClient,
  tables: ProjectionTables,
  items: { state: EntityState; lastPosition: number; before?: Loop[] }[],
  now: Date,
): Promise<void> {
  // The entity upsert is sent before the loops are derived: Postgres writes while we derive.
  const statesSaved = saveStates(client, tables, items, now);
  const writes: LoopWrites = { upsert: [], deleteIds: [], replace: [] };
  for (const { state, before } of items) addLoopWrites(writes, state, before, deriveLoops(state, now));
  const [, changed] = await Promise.all([statesSaved, saveLoops(client, tables, writes)]);
  if (changed > 0 && tables.loops === "open_loops") {
    const orgs = [...new Set(items.map((s) => s.state.org_id))];
    await client.query("SELECT pg_notify($1, $2)", [LOOPS_CHANNEL, JSON.stringify(orgs.slice(0, 100))]);
  }
}
