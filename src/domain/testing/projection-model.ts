// Test support: a model of the live open-loops projector. The real projector (src/server) keeps
// the same three things in Postgres and must move them the same way for live == replay to hold.
import { evolveEntity } from "../entities/evolve";
import { byPosition, entityKey, refOf } from "../entities/fold";
import { initialEntityState } from "../entities/initial-state";
import { nextChangeAt } from "../entities/next-change";
import { parseEntityState, type EntityState } from "../entities/state";
import type { LoggedEvent } from "../events";
import { deriveLoops } from "../loops/derive";
import { byDueAt } from "../loops/loops-of";
import { type SnoozedMode, matchesSnoozed } from "../loops/snooze-filter";
import type { Loop, LoopStatus } from "../loops/types";

export type ProjectionModel = {
  /** Entity states as stored: JSON text (jsonb), parsed back on every use. */
  states: Map<string, string>;
  /** Epoch ms of each entity's next time-based change; absent when there is none. */
  nextChange: Map<string, number>;
  /** open_loops rows by loop id, and which ids each entity owns. */
  rows: Map<string, Loop>;
  rowsByEntity: Map<string, string[]>;
};

export const emptyProjection = (): ProjectionModel => ({
  states: new Map(),
  nextChange: new Map(),
  rows: new Map(),
  rowsByEntity: new Map(),
});

const load = (model: ProjectionModel, key: string): EntityState | null => {
  const json = model.states.get(key);
  return json === undefined ? null : parseEntityState(JSON.parse(json));
};

/**
 * Replaces the entity's rows with deriveLoops(state, now). Replace, not only upsert: a
 * late-recorded payment that occurred before due_at makes an invoice_overdue loop vanish.
 */
function reproject(model: ProjectionModel, key: string, state: EntityState, now: Date): void {
  const loops = deriveLoops(state, now);
  for (const id of model.rowsByEntity.get(key) ?? []) model.rows.delete(id);
  for (const loop of loops) model.rows.set(loop.id, loop);
  model.rowsByEntity.set(key, loops.map((l) => l.id));
  const next = nextChangeAt(state, now);
  if (next) model.nextChange.set(key, next.getTime());
  else model.nextChange.delete(key);
}

/** One subscription batch: fold each event into its entity, then re-derive the touched ones. */
export function applyBatch(model: ProjectionModel, events: readonly LoggedEvent[], now: Date): void {
  const touched = new Map<string, EntityState>();
  for (const event of [...events].sort(byPosition)) {
    const ref = refOf(event);
    const key = entityKey(ref);
    const state = touched.get(key) ?? load(model, key) ?? initialEntityState(ref.type, ref.id, ref.org_id);
    touched.set(key, evolveEntity(state, event));
  }
  for (const [key, state] of touched) {
    model.states.set(key, JSON.stringify(state));
    reproject(model, key, state, now);
  }
}

/** The scheduled tick: re-derive only the entities whose next change has come. */
export function tick(model: ProjectionModel, now: Date): void {
  for (const [key, at] of [...model.nextChange]) {
    const state = at <= now.getTime() ? load(model, key) : null;
    if (state) reproject(model, key, state, now);
  }
}

/**
 * What loops.list shows from the rows as stored (no tick first): one status, snooze judged at
 * `now`, ordered by due_at. It must equal the same filter over a full replay at `now`.
 */
export function listed(model: ProjectionModel, status: LoopStatus, snoozed: SnoozedMode, now: Date): Loop[] {
  return [...model.rows.values()].filter((l) => l.status === status && matchesSnoozed(l, snoozed, now.getTime())).sort(byDueAt);
}
