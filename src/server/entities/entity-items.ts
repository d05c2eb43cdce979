import type pg from "pg";
import { type EntityRef, type EntityState, entitySummary } from "~/domain/entities";
import type { EntityType } from "~/domain/events";
import { hydrateState } from "../projector/entity-store";

/** One entity as the directory and search list it. */
export type EntityItem = {
  type: EntityType;
  id: string;
  display_name: string;
  /** When its latest event was recorded: the directory's order (newest first). */
  last_activity_at: string;
  /** Where it stands, in a few words ("Quote sent · €1,500.00", "€300.00 to pay · due 24 Nov 2026"). */
  summary?: string;
};

/** An entity read-model row with its latest event's record time. */
export type EntityRow = {
  org_id: string;
  type: EntityType;
  id: string;
  display_name: string;
  state: unknown;
  version: number;
  last_position: string;
  last_activity_at: Date;
};

/** The columns of EntityRow from `entities e` joined to its latest event `s`. */
export const ENTITY_ROW_COLUMNS = "e.org_id, e.type, e.id, e.display_name, e.state, e.version, e.last_position, s.created_at AS last_activity_at";

/** The row's folded state, read as the projector stores it; one of another fold version is refolded from the log. */
async function stateOf(db: pg.Pool, row: EntityRow): Promise<EntityState> {
  return (await hydrateState(db, row)).state;
}

/** The items for these rows, in their order, with each one's folded state (search matches against it). */
export async function toItems(db: pg.Pool, rows: EntityRow[]): Promise<{ item: EntityItem; state: EntityState; lastPosition: number }[]> {
  return Promise.all(
    rows.map(async (r) => {
      const state = await stateOf(db, r);
      const summary = entitySummary(state);
      const item: EntityItem = {
        type: r.type,
        id: r.id,
        display_name: r.display_name,
        last_activity_at: r.last_activity_at.toISOString(),
        ...(summary ? { summary } : {}),
      };
      return { item, state, lastPosition: Number(r.last_position) };
    }),
  );
}

export const refKey = (r: Pick<EntityRef, "type" | "id">) => `${r.type}:${r.id}`;
