import type pg from "pg";
import { type EntityRef, type EntityState, entityKey, evolveEntity, initialEntityState, refOf } from "~/domain/entities";
import { deriveLoops } from "~/domain/loops";
import type { StoredEvent } from "../events/stored-event";
import { saveStates } from "./entity-store";
import { loadStates } from "./entity-store";
import { saveLoops } from "./loop-store";
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
  const minPosition = Math.min(...events.map((e) => e.position));
  const states = await loadStates(client, tables, [...refs.values()], minPosition);
  const last = new Map<string, number>();
  for (const e of events) {
    const key = entityKey(refOf(e));
    const ref = refs.get(key)!;
    const prior: EntityState = states.get(key) ?? initialEntityState(ref.type, ref.id, ref.org_id);
    states.set(key, evolveEntity(prior, e));
    last.set(key, e.position);
  }
  await writeDerived(client, tables, [...states.entries()].map(([k, state]) => ({ state, lastPosition: last.get(k)! })), now);
}

/** Saves states and their loops at `now`; notifies listeners of the orgs whose loops changed. */
export async function writeDerived(
  client: pg.PoolClient,
  tables: ProjectionTables,
  states: { state: EntityState; lastPosition: number }[],
  now: Date,
): Promise<void> {
  await saveStates(client, tables, states, now);
  const entities = states.map((s) => s.state);
  const changed = await saveLoops(client, tables, entities, entities.flatMap((s) => deriveLoops(s, now)));
  if (changed > 0 && tables.loops === "open_loops") {
    const orgs = [...new Set(entities.map((s) => s.org_id))];
    await client.query("SELECT pg_notify($1, $2)", [LOOPS_CHANNEL, JSON.stringify(orgs.slice(0, 100))]);
  }
}
