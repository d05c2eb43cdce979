import "../scripts/load-env";
import "../src/server/db/pool";
import { readFileSync } from "node:fs";
import pg from "pg";
import { runProjector } from "../src/server/projector/open-loops-projector";
const url = process.argv[2]!; const batch = Number(process.argv[3] ?? 5000);
const pool = new pg.Pool({ connectionString: url, max: 2 });
await pool.query("DELETE FROM open_loops"); await pool.query("DELETE FROM entities"); await pool.query("DELETE FROM subscription_checkpoints");
const cs = await Promise.all([pool.connect(), pool.connect()]); cs.forEach((c) => c.release());
const pids = (await pool.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).rows.map((r) => r.pid);
const pgCpu = () => pids.reduce((s, pid) => { try { const st = readFileSync(`/proc/${pid}/stat`, "utf8"); const f = st.slice(st.lastIndexOf(")") + 2).split(" "); return s + (Number(f[11]) + Number(f[12])) * 10; } catch { return s; } }, 0);
const end = new Date("2026-11-26T15:00:00Z");
let n = 0; const cpu0 = process.cpuUsage(); const pg0 = pgCpu(); const t = performance.now();
for (;;) { const r = await runProjector(pool, () => end, { batchSize: batch }); n += r.processed; if (r.caughtUp) break; }
const cpu = process.cpuUsage(cpu0);
console.log(n, "events", Math.round(n / ((performance.now() - t) / 1000)), "ev/s wall;", ((cpu.user + cpu.system) / n).toFixed(1), "µs node cpu/event;", ((pgCpu() - pg0) * 1000 / n).toFixed(1), "µs pg cpu/event");
await pool.end();
