import { timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { env } from "~/env";
import { getPool } from "../db/pool";
import type { Checkpoint } from "../subscriptions/checkpoint";
import { type HorizonBlocker, horizonFigures } from "../subscriptions/horizon";
import type { WorkerJob } from "./job";
import { runPass } from "./pass";
import { processWorkerJobs } from "./process-worker";

export type TickResponse = { status: 200 | 202 | 401 | 503; body: unknown; headers?: Record<string, string> };

/** How long a tick waits for the events committed before it to be processed. */
export const TICK_WAIT_MS = 5000;
/** What a 503 asks a cron to wait before calling again. */
const RETRY_AFTER_SECONDS = 5;

/**
 * POST /api/worker/tick, for an external cron: with `Authorization: Bearer $WORKER_SECRET`, worker
 * passes of this process's jobs until every subscriber (projector, relay) has processed the events
 * committed before the call, for at most TICK_WAIT_MS:
 * - 200: done; the body says what the passes did (`processed` per job, the last pass's `jobs`);
 * - 202: not done in time (a backlog, or a transaction of this database holding the horizon back):
 *   `behind` names the jobs, `blocker` the transaction (pid, database, age) if one holds them;
 * - 503 + Retry-After: a job failed (Redis down, say); `failed` has its error.
 * Another instance or the in-process worker running the same subscriber meanwhile is fine: the
 * tick waits for the checkpoints, whoever moves them.
 */
export async function workerTick(
  authorization: string | null,
  opts: { pool?: pg.Pool; jobs?: WorkerJob[]; waitMs?: number } = {},
): Promise<TickResponse> {
  if (!authorized(authorization)) return { status: 401, body: { error: "UNAUTHORIZED" } };
  const pool = opts.pool ?? getPool();
  const jobs = opts.jobs ?? processWorkerJobs();
  const started = performance.now();
  const target = await newestCommitted(pool);
  const processed: Record<string, number> = {};
  let passes = 0;
  let delayMs = 25;
  for (;;) {
    const report = await runPass(jobs);
    passes++;
    for (const [name, r] of Object.entries(report)) processed[name] = (processed[name] ?? 0) + processedBy(r.result);
    const failed = Object.fromEntries(Object.entries(report).flatMap(([name, r]) => (r.ok ? [] : [[name, r.error ?? "failed"]])));
    const behind = await jobsBehind(jobs, target, failed);
    const waitedMs = Math.round(performance.now() - started);
    const timeUp = waitedMs >= (opts.waitMs ?? TICK_WAIT_MS);
    // Done when every job is caught up or failed (a failed one will not catch up by waiting).
    if (behind.every((name) => name in failed) || timeUp) {
      const body = { ok: Object.keys(failed).length === 0, caughtUp: behind.length === 0, waitedMs, passes, processed, jobs: report };
      if (Object.keys(failed).length > 0) {
        return { status: 503, body: { ...body, failed, behind }, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } };
      }
      if (behind.length === 0) return { status: 200, body };
      return { status: 202, body: { ...body, behind, blocker: await blockerOf(pool) } };
    }
    await new Promise((r) => setTimeout(r, delayMs));
    delayMs = Math.min(2 * delayMs, 250);
  }
}

/** The newest event visible now, in subscription order: processing up to it covers everything committed before. */
async function newestCommitted(pool: pg.Pool): Promise<Checkpoint | null> {
  const res = await pool.query<{ tx_id: string; position: number }>(
    "SELECT tx_id::text, position FROM system_events ORDER BY tx_id DESC, position DESC LIMIT 1",
  );
  const row = res.rows[0];
  return row ? { txId: row.tx_id, position: row.position } : null;
}

/** The jobs whose subscriber has not passed `target` (jobs that failed this pass are not asked). */
async function jobsBehind(jobs: WorkerJob[], target: Checkpoint | null, failed: Record<string, string>): Promise<string[]> {
  if (!target) return [];
  const behind: string[] = [];
  for (const job of jobs) {
    if (!job.position) continue;
    if (job.name in failed) {
      behind.push(job.name);
      continue;
    }
    const at = await job.position().catch(() => null);
    if (!at || !reached(at, target)) behind.push(job.name);
  }
  return behind;
}

const reached = (at: Checkpoint, target: Checkpoint) => {
  const [a, t] = [BigInt(at.txId), BigInt(target.txId)];
  return a > t || (a === t && at.position >= target.position);
};

const processedBy = (result: unknown) => {
  const n = (result as { processed?: unknown } | undefined)?.processed;
  return typeof n === "number" ? n : 0;
};

async function blockerOf(pool: pg.Pool): Promise<HorizonBlocker | null> {
  return (await horizonFigures(pool).catch(() => null))?.blocker ?? null;
}

function authorized(header: string | null): boolean {
  const expected = Buffer.from(`Bearer ${env.WORKER_SECRET}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

