/** The live projection's tables, or the shadow pair a rebuild fills before swapping. */
export type ProjectionTables = { entities: string; loops: string; subscriberId: string };

export const LIVE: ProjectionTables = { entities: "entities", loops: "open_loops", subscriberId: "open-loops" };
export const REBUILD: ProjectionTables = {
  entities: "entities_rebuild",
  loops: "open_loops_rebuild",
  subscriberId: "open-loops-rebuild",
};
