// The measurements of bench:projector, each against the database the bench seeded.
import { spawn } from "node:child_process";
import path from "node:path";
import type pg from "pg";
import { type ProjectorPass, runProjector } from "../../src/server/projector/open-loops-projector";
import { projectorJob } from "../../src/server/projector/projector-job";
import { START, type Checkpoint } from "../../src/server/subscriptions/checkpoint";
import { EVENT_COLUMNS } from "../../src/server/events/stored-event";
import { backendsCpu } from "./backends-cpu";
import { sampleTreeRss } from "./rss";
import { settle } from "./settle";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** cpuUsPerEvent: this process's CPU; pgCpuUsPerEvent: the database's backends' (null if unreadable). */
export type Rate = { events: number; seconds: number; perSec: number; cpuUsPerEvent: number; pgCpuUsPerEvent: number | null };
/** A catch-up's rate, and the settle step it started after (settle.ts). */
export type CatchUp = Rate & { settled: { load: number; seconds: number } };

const cpuNow = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

/**
 * The live projector from an empty projection until it has folded the whole log: in batches of
 * `batchSize`, or as the worker runs it ("worker": its job's passes, whose batches grow while it is
 * behind: projector/batch-size.ts).
 */
export async function catchUp(pool: pg.Pool, now: Date, batchSize: number | "worker", log: (s: string) => void): Promise<CatchUp> {
  // Everything the projector writes, so that a second catch-up in one run starts as the first did
  // (with the outbox's rows left, its inserts would all be conflicts, and the counts would double).
  await pool.query("TRUNCATE open_loops, entities, loop_counts, loop_changes");
  await pool.query("DELETE FROM subscription_checkpoints WHERE subscriber_id = 'open-loops'");
  const settled = await settle(pool, log);
  const job = batchSize === "worker" ? projectorJob(pool, () => now) : null;
  const pgCpu = await backendsCpu(pool);
  const cpu0 = cpuNow();
  const t0 = performance.now();
  let events = 0;
  let lastLog = t0;
  for (;;) {
    const run = job ? ((await job.run()) as ProjectorPass) : await runProjector(pool, () => now, { batchSize: batchSize as number });
    events += run.processed;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  projector: ${events} events, ${Math.round(events / ((lastLog - t0) / 1000))}/s`);
    }
    if (run.caughtUp) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const pgUsed = await pgCpu();
  const pgCpuUsPerEvent = pgUsed === null ? null : pgUsed / events;
  return { events, seconds, perSec: events / seconds, cpuUsPerEvent: (cpuNow() - cpu0) / events, pgCpuUsPerEvent, settled };
}

/** Baseline: the same rows read in the same (tx_id, position) order and batch size, doing nothing with them. */
export async function rawScan(pool: pg.Pool, batchSize: number): Promise<Rate> {
  const pgCpu = await backendsCpu(pool);
  const cpu0 = cpuNow();
  const t0 = performance.now();
  let events = 0;
  let from: Checkpoint = START;
  for (;;) {
    const res = await pool.query<{ tx_text: string; position: number }>(
      `SELECT ${EVENT_COLUMNS}, tx_id::text AS tx_text FROM system_events
        WHERE (tx_id, position) > ($1::xid8, $2::bigint) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx_id, position LIMIT $3`,
      [from.txId, from.position, batchSize],
    );
    events += res.rows.length;
    const last = res.rows.at(-1);
    if (!last || res.rows.length < batchSize) break;
    from = { txId: last.tx_text, position: last.position };
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuUsPerEvent = (cpuNow() - cpu0) / events;
  const pgUsed = await pgCpu();
  return { events, seconds, perSec: events / seconds, cpuUsPerEvent, pgCpuUsPerEvent: pgUsed === null ? null : pgUsed / events };
}

/**
 * Baseline: the Postgres work of writing the caught-up projection's rows and nothing else. Each
 * table's rows (entities, open_loops, loop_changes) are copied by one INSERT … SELECT into an empty
 * copy with the same indexes (logged, like the real ones), after a CHECKPOINT so the copies pay for
 * their full-page writes as a catch-up does. No parsing of parameters, no reads of stored states, no
 * row written twice: the catch-up writes each entity once per batch it appears in and updates loops
 * as they change, so this is a floor, not a target. `perSec`: the log's events over those seconds.
 */
export async function writeFloor(pool: pg.Pool, events: number): Promise<{ seconds: number; perSec: number; tables: Record<string, number> }> {
  const tables: Record<string, number> = {};
  let seconds = 0;
  for (const t of ["entities", "open_loops", "loop_changes"]) {
    const copy = `bench_floor_${t}`;
    await pool.query(`DROP TABLE IF EXISTS ${copy}`);
    await pool.query(`CREATE TABLE ${copy} (LIKE ${t} INCLUDING ALL)`);
    try {
      await pool.query("CHECKPOINT");
      const t0 = performance.now();
      await pool.query(`INSERT INTO ${copy} SELECT * FROM ${t}`);
      tables[t] = (performance.now() - t0) / 1000;
      seconds += tables[t]!;
    } finally {
      await pool.query(`DROP TABLE ${copy}`);
    }
  }
  return { seconds, perSec: events / seconds, tables };
}

export type RebuildRun = {
  /** Largest VmHWM in the child's process tree once it had folded `markAt` events, and at its end. */
  hwmAtMarkMb: number | null;
  hwmEndMb: number;
  seconds: number;
  finished: boolean;
  folded: number;
  lastLine: string;
};

/**
 * `npm run projections:rebuild -- --fresh` as a child process, its memory sampled from /proc
 * (VmHWM, the kernel's own peak, of every process in its tree): read when its progress first
 * reaches `markAt` folded events, and at the end. Killed after `timeoutMs`, reporting how far it got.
 */
export async function rebuildChild(url: string, markAt: number, timeoutMs: number): Promise<RebuildRun> {
  const t0 = performance.now();
  const child = spawn("npm", ["run", "--silent", "projections:rebuild", "--", "--fresh"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: url },
  });
  let rss = sampleTreeRss(child.pid!, 100);
  let hwmAtMarkMb: number | null = null;
  let lastLine = "";
  let folded = 0;
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => {
    for (const line of d.toString().trim().split("\n")) {
      lastLine = line;
      const m = /(?:folding: |done: )(\d+)/.exec(line);
      if (m) folded = Number(m[1]);
      if (hwmAtMarkMb === null && folded >= markAt) {
        hwmAtMarkMb = rss.stop().peakHwmMb;
        rss = sampleTreeRss(child.pid!, 100);
      }
    }
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  const hwmEndMb = Math.max(rss.stop().peakHwmMb, hwmAtMarkMb ?? 0);
  if (code !== 0 && code !== null) throw new Error(`projections:rebuild exited ${code}: ${stderr.slice(-2000)}`);
  return { hwmAtMarkMb, hwmEndMb, seconds: (performance.now() - t0) / 1000, finished: code === 0, folded, lastLine };
}
