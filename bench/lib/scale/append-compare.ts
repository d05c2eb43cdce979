// Append throughput on the big log against the same run on an empty log: does a 10 M-event table
// slow the append path down? In-process through the tRPC caller (validation, group commit, the
// one-statement calm_append_events), the two databases measured in turn, round after round.
import type pg from "pg";
import { eventFactory } from "../events";
import { forDuration } from "../stats";
import { callerFor } from "./callers";

export type AppendFigures = { single: number[]; batch: number[] };
export type AppendCompare = { empty: AppendFigures; scale: AppendFigures; writers: number; batch: number; seconds: number; rounds: number; warmup?: number };

async function singles(pool: pg.Pool, orgId: string, writers: number, seconds: number): Promise<number> {
  const api = callerFor(pool, orgId);
  const next = eventFactory();
  let n = 0;
  const elapsed = await forDuration(seconds * 1000, writers, async () => {
    await api.events.append(next().event);
    n++;
  });
  return n / elapsed;
}

async function batches(pool: pg.Pool, orgId: string, size: number, seconds: number): Promise<number> {
  const api = callerFor(pool, orgId);
  const next = eventFactory();
  let n = 0;
  const elapsed = await forDuration(seconds * 1000, 1, async () => {
    const r = await api.events.appendBatch({ events: Array.from({ length: size }, () => next().event) });
    n += r.appended;
  });
  return n / elapsed;
}

export async function compareAppends(
  dbs: { empty: pg.Pool; scale: pg.Pool },
  orgs: { empty: string; scale: string },
  opts: { writers: number; batch: number; seconds: number; rounds: number; warmup: number; log: (s: string) => void },
): Promise<AppendCompare> {
  const { log, ...kept } = opts;
  const out: AppendCompare = { empty: { single: [], batch: [] }, scale: { single: [], batch: [] }, ...kept };
  // Warm-up: JIT, plan caches, the group-commit path — and the big log's index pages the appends
  // touch, which a log read by other work has not cached (the first seconds run at a fraction).
  for (const k of ["empty", "scale"] as const) {
    await singles(dbs[k], orgs[k], opts.writers, opts.warmup);
    await batches(dbs[k], orgs[k], opts.batch, opts.warmup);
  }
  for (let r = 0; r < opts.rounds; r++) {
    const order = r % 2 === 0 ? (["empty", "scale"] as const) : (["scale", "empty"] as const);
    for (const k of order) out[k].single.push(await singles(dbs[k], orgs[k], opts.writers, opts.seconds));
    for (const k of order) out[k].batch.push(await batches(dbs[k], orgs[k], opts.batch, opts.seconds));
    log(`  round ${r + 1}/${opts.rounds}: single ${out.empty.single.at(-1)!.toFixed(0)} (empty) vs ${out.scale.single.at(-1)!.toFixed(0)} events/s; batch ${out.empty.batch.at(-1)!.toFixed(0)} vs ${out.scale.batch.at(-1)!.toFixed(0)}`);
  }
  return out;
}

/**
 * Removes what a measurement appended to a kept database, so the next run measures the same log.
 * Bench databases only: the append-only trigger is bypassed for this session (replica role).
 */
export async function removeAppendedSince(pool: pg.Pool, position: number) {
  const c = await pool.connect();
  try {
    await c.query("SET session_replication_role = replica");
    await c.query("DELETE FROM system_events WHERE position > $1", [position]);
    await c.query("RESET session_replication_role");
  } finally {
    c.release();
  }
  await pool.query("VACUUM (ANALYZE) system_events");
}

export const lastPosition = async (pool: pg.Pool) =>
  (await pool.query<{ p: number }>("SELECT COALESCE(max(position), 0)::bigint AS p FROM system_events")).rows[0]!.p;
