import type pg from "pg";
import type { SystemEventInput } from "../../src/domain/events";
import { forDuration, quantile } from "./stats";

export type RawRun = { rowsPerSec: number; p50: number; p99: number; rows: number };
type Row = { event: SystemEventInput; version: number };

const COLS = "id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, entity_version";

function params(orgId: string, { event: e, version }: Row): unknown[] {
  return [e.id, orgId, e.event_type, e.occurred_at, e.actor!.id, e.actor!.type, e.primary_entity.id, e.primary_entity.type, JSON.stringify(e.payload), version];
}

/**
 * The floor under any append: plain INSERTs into system_events through `pg`, no checks, no
 * locks, no HTTP. `rowsPerStatement` 1 is the single-row baseline; 500 one multi-row INSERT.
 */
export async function rawInsertLoad(opts: {
  pool: pg.Pool; orgId: string; rowsPerStatement: number; concurrency: number; seconds: number; next: () => Row;
}): Promise<RawRun> {
  const n = opts.rowsPerStatement;
  const tuples = Array.from({ length: n }, (_, r) => `(${Array.from({ length: 10 }, (_, c) => `$${r * 10 + c + 1}`).join(", ")})`);
  const sql = `INSERT INTO system_events (${COLS}) VALUES ${tuples.join(", ")}`;
  const latencies: number[] = [];
  let rows = 0;
  const elapsed = await forDuration(opts.seconds * 1000, opts.concurrency, async () => {
    const values = Array.from({ length: n }, () => params(opts.orgId, opts.next())).flat();
    const t = performance.now();
    await opts.pool.query(sql, values);
    latencies.push(performance.now() - t);
    rows += n;
  });
  return { rowsPerSec: rows / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), rows };
}
