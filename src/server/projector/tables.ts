/**
 * The live projection's tables, or the shadow pair a rebuild fills before swapping. `changes`: the
 * loop notifications' outbox the writes also record loop changes in (loop-changes-outbox.ts);
 * null for the rebuild, which must tell nobody anything. `counts`: the loops table's active loops
 * counted per org, type and severity, kept by the same writes (loop-store.ts, countsPart).
 */
export type ProjectionTables = { entities: string; loops: string; counts: string; subscriberId: string; changes: string | null };
export const LIVE: ProjectionTables = {
  entities: "entities",
  loops: "open_loops",
  counts: "loop_counts",
  subscriberId: "open-loops",
  changes: "loop_changes",
};
export const REBUILD: ProjectionTables = {
  entities: "entities_rebuild",
  loops: "open_loops_rebuild",
  counts: "loop_counts_rebuild",
  subscriberId: "open-loops-rebuild",
  changes: null,
};
