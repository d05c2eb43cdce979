import "./load-env";
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { getPool } from "~/server/db/pool";
import { rebuildProjection } from "~/server/projector/rebuild";

/**
 * `npm run projections:rebuild [-- --fresh] [--skip-history]`: recompute open_loops from the log
 * (resumable), and the time machine's loop_history beside it (scripts/rebuild-loop-history.ts, from
 * scratch each run). `--skip-history` leaves loop_history as it is (the projector's rebuild alone:
 * what bench:scale measures against the projector's target, besides the whole command).
 */
const { values } = parseArgs({ options: { fresh: { type: "boolean", default: false }, "skip-history": { type: "boolean", default: false } } });
const pool = getPool();
const started = performance.now();
let lastPrint = 0;
let live: { since: number; events: number } | null = null;
// The time machine's history (loop_history) is derived from the log too, rebuilt from scratch
// beside it in a process of its own (with this one's Node flags): the two read the log apart and
// write their own tables, both mostly bound by Node, and in one event loop they took as long as
// one after the other (bench:projector's 1M-event log, alternated: 54–62 s, mean 58, in one
// process; 49–60 s, mean 53, in two).
function startHistory() {
  const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "rebuild-loop-history.ts")], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  const run = new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`the loop history's rebuild failed (exit ${code ?? signal})`))));
  });
  return { child, run };
}
const history = values["skip-history"] ? null : startHistory();
const historyRun = history?.run ?? Promise.resolve();
historyRun.catch(() => undefined); // awaited below
try {
  const out = await rebuildProjection(pool, () => new Date(), {
    fresh: values.fresh,
    onProgress: (p) => {
      const now = performance.now();
      if (p.phase === "live") {
        live = { since: live?.since ?? now, events: p.processed };
        if (p.processed > 0 && now - lastPrint > 1000) {
          lastPrint = now;
          process.stdout.write(`[rebuild] live: the live projection caught up on ${p.processed} events\n`);
        }
        return;
      }
      if (p.phase === "swapping" && live && live.events > 0) {
        process.stdout.write(`[rebuild] live projection: ${live.events} events in ${((now - live.since) / 1000).toFixed(1)}s\n`);
      }
      if (p.phase !== "folding" || now - lastPrint > 1000) {
        lastPrint = now;
        const pct = p.total ? ((100 * p.processed) / p.total).toFixed(1) : "100";
        const rate = Math.round(p.processed / ((now - started) / 1000));
        // Until done, the total is Postgres's estimate of the log's size (rebuild.ts).
        const of = p.phase === "done" ? `${p.total}` : `~${p.total}`;
        process.stdout.write(`[rebuild] ${p.phase}: ${p.processed}/${of} events (${pct}%), ${rate} events/s\n`);
      }
    },
  });
  process.stdout.write(`[rebuild] done: ${out.processed} events in ${((performance.now() - started) / 1000).toFixed(1)}s\n`);
  // The swapped-in tables were filled by COPY and no vacuum has seen them: until autovacuum's
  // insert threshold, index-only reads (loops.summary) visit the heap. A VACUUM sets the visibility
  // map now (it cannot run in a transaction). Their statistics came with them: the rebuild analyzed
  // the filled shadows before its second pass (an ANALYZE here again: ~0.6 s).
  const vacuumStarted = performance.now();
  await pool.query("VACUUM open_loops, entities");
  process.stdout.write(`[rebuild] vacuumed the projection in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)}s\n`);
  await historyRun;
} catch (e) {
  if (history && history.child.exitCode === null && history.child.signalCode === null) history.child.kill("SIGTERM");
  throw e;
} finally {
  await historyRun.catch(() => undefined);
  await pool.end();
}
