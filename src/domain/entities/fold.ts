import type { EntityType, LoggedEvent } from "../events";
import { evolveEntity } from "./evolve";
import { initialEntityState } from "./initial-state";
import type { EntityState } from "./state";

export type EntityRef = { org_id: string; type: EntityType; id: string };

export const entityKey = (ref: EntityRef): string => `${ref.org_id}:${ref.type}:${ref.id}`;
export const refOf = (e: LoggedEvent): EntityRef => ({ org_id: e.org_id, ...e.primary_entity });

/** Log order. The fold never orders by occurred_at (docs/architecture.md, "Open loops"). */
export const byPosition = (a: LoggedEvent, b: LoggedEvent): number => a.position - b.position;

/** Folds one entity's events, in position order, onto `state`. */
export function foldEntity(state: EntityState, events: readonly LoggedEvent[]): EntityState {
  return [...events].sort(byPosition).reduce(evolveEntity, state);
}

/** Folds a log of many entities: one state per entity, keyed by entityKey. */
export function foldAll(events: readonly LoggedEvent[]): Map<string, EntityState> {
  const states = new Map<string, EntityState>();
  for (const event of [...events].sort(byPosition)) {
    const ref = refOf(event);
    const key = entityKey(ref);
    const state = states.get(key) ?? initialEntityState(ref.type, ref.id, ref.org_id);
    states.set(key, evolveEntity(state, event));
  }
  return states;
}
