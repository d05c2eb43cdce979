import { timingSafeEqual } from "node:crypto";
import { env } from "~/env";
import { runPass } from "./pass";
import { processWorkerJobs } from "./process-worker";

export type TickResponse = { status: 200 | 401 | 500; body: unknown };

/**
 * POST /api/worker/tick, for an external cron: with `Authorization: Bearer $WORKER_SECRET`, one
 * worker pass of this process's jobs, answered with its report (500 if a job failed).
 */
export async function workerTick(authorization: string | null): Promise<TickResponse> {
  if (!authorized(authorization)) return { status: 401, body: { error: "UNAUTHORIZED" } };
  const report = await runPass(processWorkerJobs());
  const ok = Object.values(report).every((r) => r.ok);
  return { status: ok ? 200 : 500, body: { ok, jobs: report } };
}

function authorized(header: string | null): boolean {
  const expected = Buffer.from(`Bearer ${env.WORKER_SECRET}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
