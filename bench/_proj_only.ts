import "../scripts/load-env";
import "../src/server/db/pool";
import pg from "pg";
import { runProjector } from "../src/server/projector/open-loops-projector";
const url = process.argv[2]!; const batch = Number(process.argv[3] ?? 5000);
const pool = new pg.Pool({ connectionString: url, max: 2 });
await pool.query("DELETE FROM open_loops"); await pool.query("DELETE FROM entities"); await pool.query("DELETE FROM subscription_checkpoints");
const end = new Date("2026-11-26T15:00:00Z");
let n = 0; const cpu0 = process.cpuUsage(); const t = performance.now();
for (;;) { const r = await runProjector(pool, () => end, { batchSize: batch }); n += r.processed; if (r.caughtUp) break; }
const cpu = process.cpuUsage(cpu0);
console.log(n, "events", Math.round(n / ((performance.now() - t) / 1000)), "ev/s wall;", ((cpu.user + cpu.system) / 1000 / n * 1000).toFixed(1), "µs node cpu/event");
await pool.end();
