import "./load-env";
import { env } from "~/env";
import { getPool } from "~/server/db/pool";
import { buildWorkerJobs } from "~/server/worker/jobs";
import { startScheduler } from "~/server/worker/scheduler";

/** `npm run worker`: the same passes as the server's in-process scheduler, without the web server. */
const pool = getPool();
const scheduler = startScheduler(buildWorkerJobs({ pool, clock: () => new Date() }), {
  intervalSeconds: env.WORKER_INTERVAL_SECONDS,
  log: (m) => process.stderr.write(`${m}\n`),
});
process.stderr.write(`[worker] running every ${env.WORKER_INTERVAL_SECONDS}s against ${new URL(env.DATABASE_URL).host}\n`);
const first = await scheduler.runNow();
process.stderr.write(`[worker] first pass: ${JSON.stringify(first)}\n`);

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    scheduler.stop();
    await pool.end();
    process.exit(0);
  });
}
