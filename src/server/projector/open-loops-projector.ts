import type pg from "pg";
import { lockKeyOf, runSubscriber, type PgSubscriber, type RunOptions, type RunResult } from "../subscriptions/run-subscriber";
import { type PreparedProjection, applyProjection, prepareProjection } from "./project-events";
import { LIVE, type ProjectionTables } from "./tables";
import { tickTimeChanges } from "./tick";
import { withTransaction } from "../db/transaction";

export function openLoopsProjector(clock: () => Date, tables: ProjectionTables = LIVE): PgSubscriber<PreparedProjection> {
  return {
    id: tables.subscriberId,
    prepare: (db, events, previous) => prepareProjection(db, tables, events, clock(), previous),
    apply: (client, prepared) => applyProjection(client, tables, prepared),
  };
}

export type ProjectorPass = RunResult & { ticked: number };

/**
 * One projector pass: catch up on the log, then apply time-based changes. The tick runs under the
 * same advisory lock as the projector so the two never write one entity concurrently.
 */
export async function runProjector(
  pool: pg.Pool,
  clock: () => Date,
  opts: RunOptions & { tables?: ProjectionTables } = {},
): Promise<ProjectorPass> {
  const tables = opts.tables ?? LIVE;
  const run = await runSubscriber(pool, openLoopsProjector(clock, tables), opts);
  if (run.skipped) return { ...run, ticked: 0 };
  const ticked = await withTransaction(pool, async (client) => {
    const lock = await client.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok",
      [lockKeyOf(tables.subscriberId)],
    );
    return lock.rows[0]?.ok ? tickTimeChanges(client, tables, clock()) : 0;
  });
  return { ...run, ticked };
}
