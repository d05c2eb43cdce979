import "./load-env";
import { getPool } from "~/server/db/pool";
import { rebuildLoopHistory } from "~/server/loop-history/rebuild-loop-history";

/**
 * The time machine's history (loop_history) rebuilt from the log: run by `npm run
 * projections:rebuild` as a process of its own beside the projection's rebuild (scripts/rebuild.ts).
 */
const pool = getPool();
const started = performance.now();
try {
  const events = await rebuildLoopHistory(pool);
  process.stdout.write(`[rebuild] loop history: ${events} events in ${((performance.now() - started) / 1000).toFixed(1)}s\n`);
} finally {
  await pool.end();
}
