// Append throughput on the big log against the same run on an empty log: does a 10 M-event table
// slow the append path down? In-process through the tRPC caller (validation, group commit, the
// one-statement calm_append_events), the two databases measured in turn, round after round.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { eventFactory } from "../events";
import { forDuration } from "../stats";
import { callerFor } from "./callers";

/**
 * Events/s per round. single/batch: random (v4) event and entity ids, as any client may send;
 * singleV7/batchV7: time-ordered (v7) ones, whose inserts land at the right edge of the id indexes.
 */
export type AppendFigures = { single: number[]; batch: number[]; singleV7?: number[]; batchV7?: number[] };
/** WAL bytes per appended event, per round (the server's WAL while one workload ran on one database alone). */
export type WalFigures = Partial<Record<keyof AppendFigures, number[]>>;
/** The Postgres settings that decide what an append on a big log writes besides its rows. */
const WAL_SETTINGS = ["shared_buffers", "wal_compression", "max_wal_size", "checkpoint_timeout", "full_page_writes"];
export type IdKind = "v4" | "v7";
const idMaker = (ids: IdKind) => (ids === "v4" ? randomUUID : () => uuidv7());
export type AppendCompare = {
  empty: AppendFigures;
  scale: AppendFigures;
  writers: number;
  batch: number;
  seconds: number;
  rounds: number;
  warmup?: number;
  wal?: { empty: WalFigures; scale: WalFigures };
  settings?: Record<string, string>;
};

type Run = { perSec: number; events: number };

async function singles(pool: pg.Pool, orgId: string, writers: number, seconds: number, ids: IdKind): Promise<Run> {
  const api = callerFor(pool, orgId);
  const next = eventFactory(idMaker(ids));
  let n = 0;
  const elapsed = await forDuration(seconds * 1000, writers, async () => {
    await api.events.append(next().event);
    n++;
  });
  return { perSec: n / elapsed, events: n };
}

async function batches(pool: pg.Pool, orgId: string, size: number, seconds: number, ids: IdKind): Promise<Run> {
  const api = callerFor(pool, orgId);
  const next = eventFactory(idMaker(ids));
  let n = 0;
  const elapsed = await forDuration(seconds * 1000, 1, async () => {
    const r = await api.events.appendBatch({ events: Array.from({ length: size }, () => next().event) });
    n += r.appended;
  });
  return { perSec: n / elapsed, events: n };
}

export async function compareAppends(
  dbs: { empty: pg.Pool; scale: pg.Pool },
  orgs: { empty: string; scale: string },
  opts: { writers: number; batch: number; seconds: number; rounds: number; warmup: number; log: (s: string) => void },
): Promise<AppendCompare> {
  const { log, ...kept } = opts;
  const settings = Object.fromEntries(
    (await dbs.scale.query<{ name: string; value: string }>("SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name", [WAL_SETTINGS])).rows.map(
      (x) => [x.name, x.value],
    ),
  );
  const out: AppendCompare = {
    empty: { single: [], batch: [], singleV7: [], batchV7: [] },
    scale: { single: [], batch: [], singleV7: [], batchV7: [] },
    wal: { empty: {}, scale: {} },
    settings,
    ...kept,
  };
  const walNow = async () => BigInt((await dbs.scale.query<{ lsn: string }>("SELECT (pg_current_wal_insert_lsn() - '0/0')::text AS lsn")).rows[0]!.lsn);
  const runs = [
    { key: "single", run: (k: "empty" | "scale", s: number) => singles(dbs[k], orgs[k], opts.writers, s, "v4") },
    { key: "singleV7", run: (k: "empty" | "scale", s: number) => singles(dbs[k], orgs[k], opts.writers, s, "v7") },
    { key: "batch", run: (k: "empty" | "scale", s: number) => batches(dbs[k], orgs[k], opts.batch, s, "v4") },
    { key: "batchV7", run: (k: "empty" | "scale", s: number) => batches(dbs[k], orgs[k], opts.batch, s, "v7") },
  ] as const;
  // Warm-up: JIT, plan caches, the group-commit path — and the big log's index pages the appends
  // touch, which a log read by other work has not cached (the first seconds run at a fraction).
  for (const k of ["empty", "scale"] as const) for (const w of runs) await w.run(k, opts.warmup);
  for (let r = 0; r < opts.rounds; r++) {
    const order = r % 2 === 0 ? (["empty", "scale"] as const) : (["scale", "empty"] as const);
    for (const w of runs) {
      for (const k of order) {
        const before = await walNow();
        const run = await w.run(k, opts.seconds);
        const wal = Number((await walNow()) - before);
        out[k][w.key]!.push(run.perSec);
        (out.wal![k][w.key] ??= []).push(run.events > 0 ? wal / run.events : 0);
      }
    }
    const last = (k: "empty" | "scale", key: keyof AppendFigures) => out[k][key]!.at(-1)!.toFixed(0);
    const walLast = (k: "empty" | "scale", key: keyof AppendFigures) => out.wal![k][key]!.at(-1)!.toFixed(0);
    log(
      `  round ${r + 1}/${opts.rounds} (empty log vs this one, events/s): single ${last("empty", "single")} vs ${last("scale", "single")}, ` +
        `v7 ids ${last("empty", "singleV7")} vs ${last("scale", "singleV7")}; batch ${last("empty", "batch")} vs ${last("scale", "batch")}, ` +
        `v7 ids ${last("empty", "batchV7")} vs ${last("scale", "batchV7")}; WAL bytes per event, empty vs this: ` +
        (["single", "singleV7", "batch", "batchV7"] as const).map((key) => `${key} ${walLast("empty", key)} vs ${walLast("scale", key)}`).join(", "),
    );
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
