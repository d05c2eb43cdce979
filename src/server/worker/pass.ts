import type { WorkerJob } from "./job";

export type PassReport = Record<string, { ok: boolean; result?: unknown; error?: string; ms: number }>;

/** Runs every job once; one failing job (Redis down, say) never stops the others. */
export async function runPass(jobs: WorkerJob[]): Promise<PassReport> {
  const report: PassReport = {};
  for (const job of jobs) {
    const started = performance.now();
    try {
      const result = await job.run();
      report[job.name] = { ok: true, result, ms: Math.round(performance.now() - started) };
    } catch (e) {
      report[job.name] = { ok: false, error: e instanceof Error ? e.message : String(e), ms: Math.round(performance.now() - started) };
    }
  }
  return report;
}
