import "../../scripts/load-env";
import "../../src/server/db/pool";
import pg from "pg";
import { rebuildProjection } from "../../src/server/projector/rebuild";
import { rebuildLoopHistory } from "../../src/server/loop-history/rebuild-loop-history";

const [which, url] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 8 });
const cpu0 = process.cpuUsage();
const pgCpu = async () => {
  const r = await pool.query<{ t: string }>("SELECT sum(total_exec_time)::text AS t FROM pg_stat_statements").catch(() => ({ rows: [{ t: "n/a" }] }));
  return r.rows[0]!.t;
};
const t0 = performance.now();
let phaseT = t0;
let phase = "";
if (which === "projection") {
  await rebuildProjection(pool, () => new Date(), {
    fresh: true,
    onProgress: (p) => {
      if (p.phase !== phase) {
        const now = performance.now();
        console.log(`${phase || "start"} -> ${p.phase} after ${((now - phaseT) / 1000).toFixed(1)}s (processed ${p.processed})`);
        phase = p.phase;
        phaseT = now;
      }
    },
  });
} else {
  await rebuildLoopHistory(pool);
}
const cpu = process.cpuUsage(cpu0);
console.log(`${which}: ${((performance.now() - t0) / 1000).toFixed(1)} s, node cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
await pool.end();
