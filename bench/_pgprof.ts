import "../scripts/load-env";
import "../src/server/db/pool";
import { readFileSync } from "node:fs";
import pg from "pg";
import { runProjector } from "../src/server/projector/open-loops-projector";
const url = process.argv[2]!; const batch = Number(process.argv[3] ?? 5000);
const pool = new pg.Pool({ connectionString: url, max: 2 });
await pool.query("DELETE FROM open_loops"); await pool.query("DELETE FROM entities"); await pool.query("DELETE FROM subscription_checkpoints");
const cpuOf = (pid: number) => { try { const st = readFileSync(`/proc/${pid}/stat`, "utf8"); const f = st.slice(st.lastIndexOf(")") + 2).split(" "); return (Number(f[11]) + Number(f[12])) * 10; } catch { return 0; } };
const acc = new Map<string, number>();
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (this: any, ...args: any[]) {
  const sql = typeof args[0] === "string" ? args[0] : args[0]?.text ?? "?";
  const key = sql.replace(/\s+/g, " ").slice(0, 50);
  const pid = this.processID; const c0 = pid ? cpuOf(pid) : 0;
  const p = orig.apply(this, args);
  if (pid && p && typeof p.then === "function") p.then(() => acc.set(key, (acc.get(key) ?? 0) + cpuOf(pid) - c0), () => {});
  return p;
};
const end = new Date("2026-11-26T15:00:00Z");
let n = 0;
for (;;) { const r = await runProjector(pool, () => end, { batchSize: batch }); n += r.processed; if (r.caughtUp) break; }
for (const [k, v] of [...acc].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(v, "ms", (v * 1000 / n).toFixed(1), "µs/ev", k);
await pool.end();
