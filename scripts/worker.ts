import "./load-env";
import { env } from "~/env";
import { getPool } from "~/server/db/pool";
import { pgListenerFor } from "~/server/signals/pg-listener";
import { databaseKey } from "~/server/signals/publish";
import { buildWorkerJobs } from "~/server/worker/jobs";
import { startScheduler } from "~/server/worker/scheduler";
import { wakeOnAppends } from "~/server/worker/wake";

/**
 * `npm run worker`: the same passes as the server's in-process scheduler, without the web server:
 * on every append of any process (NOTIFY) and every WORKER_INTERVAL_SECONDS.
 */
const pool = getPool();
const scheduler = startScheduler(buildWorkerJobs({ pool, clock: () => new Date() }), {
  intervalSeconds: env.WORKER_INTERVAL_SECONDS,
  log: (m) => process.stderr.write(`${m}\n`),
  wake: wakeOnAppends(databaseKey(pool)),
});
process.stderr.write(`[worker] running every ${env.WORKER_INTERVAL_SECONDS}s against ${new URL(env.DATABASE_URL).host}\n`);
const first = await scheduler.runNow();
process.stderr.write(`[worker] first pass: ${JSON.stringify(first)}\n`);

for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, async () => {
    scheduler.stop();
    await pgListenerFor(databaseKey(pool)).close();
    await pool.end();
    process.exit(0);
  });
}
