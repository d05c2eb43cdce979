import type pg from "pg";

/** Per pool: events projected since its last analyze, and when to look again. */
const counters = new WeakMap<pg.Pool, { events: number; lookAt: number }>();

/** Looked at every this many events projected (one catalog read), never on a quiet pass. */
const LOOK_EVERY_EVENTS = 1_000;

/**
 * After a bulk of writes (an import caught up, a worker that was down), the planner still plans
 * the dashboard's reads with statistics of the projection as it was: after a 1M-event catch-up,
 * open_loops analyzed while empty made loops.list sort an org's 100,000 active loops (0.7–2.6 s)
 * instead of walking its ordered index (2 ms). Autovacuum analyzes in time where it runs, but it
 * may lag or be off (as on this project's CI): once caught up, a table that this process's
 * projection has written more than a tenth of its known rows to since (events as the measure of
 * writes; autovacuum's own default rule) is analyzed here. Returns the tables analyzed.
 */
export async function analyzeIfStale(pool: pg.Pool, projected: number, caughtUp: boolean, tables: readonly string[]): Promise<string[]> {
  const c = counters.get(pool) ?? { events: 0, lookAt: LOOK_EVERY_EVENTS };
  counters.set(pool, c);
  c.events += projected;
  if (!caughtUp || c.events < c.lookAt) return [];
  // reltuples: the rows the planner believes in (-1 before any analyze).
  const known = await pool.query<{ table: string; rows: number }>(
    `SELECT relname AS table, greatest(reltuples, 0)::float8 AS rows FROM pg_class
      WHERE relnamespace = current_schema()::regnamespace AND relname = ANY($1::text[])`,
    [tables],
  );
  const stale = known.rows.filter((t) => c.events > 0.1 * t.rows).map((t) => t.table);
  for (const table of stale) await pool.query(`ANALYZE ${table}`);
  if (stale.length > 0) c.events = 0;
  c.lookAt = c.events + LOOK_EVERY_EVENTS;
  return stale;
}
