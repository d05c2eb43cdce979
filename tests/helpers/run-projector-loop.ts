// A standalone projector process for the crash test: runs the live projector one small batch
// at a time, forever, until killed (or, with PROJECTOR_EXIT_WHEN_IDLE=1, until caught up).
// Env: DATABASE_URL, PROJECTOR_NOW (the fixed clock), PROJECTOR_BATCH.
import { createPool } from "../../src/server/db/pool";
import { runProjector } from "../../src/server/projector/open-loops-projector";
import { unprojectedCount } from "./projection";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const now = new Date(process.env.PROJECTOR_NOW ?? "2026-11-20T12:00:00Z");
const batchSize = Number(process.env.PROJECTOR_BATCH ?? 20);
const exitWhenIdle = process.env.PROJECTOR_EXIT_WHEN_IDLE === "1";

const pool = createPool(url, 2);
process.stdout.write("ready\n");
for (;;) {
  const run = await runProjector(pool, () => now, { batchSize, maxBatches: 1 });
  if (run.processed > 0) process.stdout.write(`batch ${run.processed}\n`);
  if (exitWhenIdle && !run.skipped && (await unprojectedCount(pool)) === 0) break;
  if (run.processed === 0) await new Promise((r) => setTimeout(r, 10));
}
await pool.end();
process.stdout.write("idle\n");
