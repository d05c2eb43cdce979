import "../scripts/load-env";
import "../src/server/db/pool";
import pg from "pg";
import { createBenchDb } from "./lib/database";
import { realisticLog, insertLog, busyOrgLeads } from "./lib/seed-log";
import { runProjector } from "../src/server/projector/open-loops-projector";
import { randomUUID } from "node:crypto";
const N = Number(process.argv[2] ?? 30000);
const BATCH = Number(process.argv[3] ?? 1000);
const end = new Date();
const db = await createBenchDb(4);
const times = new Map<string, number>();
const orig = pg.Client.prototype.query as any;
let measuring = false;
(pg.Client.prototype as any).query = function (this: any, ...args: any[]) {
  const sql = typeof args[0] === "string" ? args[0] : args[0]?.text ?? "?";
  const key = sql.replace(/\s+/g, " ").slice(0, 60);
  const t = performance.now();
  const p = orig.apply(this, args);
  if (measuring && p && typeof p.then === "function") p.then(() => times.set(key, (times.get(key) ?? 0) + performance.now() - t), () => {});
  return p;
};
try {
  const items = [...realisticLog("proto", 3, Math.round(N * 0.9), end), ...busyOrgLeads(randomUUID(), Math.round(N * 0.1), end)];
  await insertLog(db.pool, items, new Map());
  await db.pool.query("VACUUM ANALYZE system_events");
  const pgCpu = async () => { const r = await db.pool.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"); let sum = 0; for (const { pid } of r.rows) { try { const st = (await import("node:fs")).readFileSync(`/proc/${pid}/stat`, "utf8"); const f = st.slice(st.lastIndexOf(")") + 2).split(" "); sum += Number(f[11]) + Number(f[12]); } catch {} } return sum * 10; };
  await Promise.all(Array.from({length: 4}, async () => { const c = await db.pool.connect(); await c.query("select 1"); c.release(); }));
  const pg0 = await pgCpu();
  measuring = true;
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  let n = 0;
  for (;;) { const r = await runProjector(db.pool, () => end, { batchSize: BATCH }); n += r.processed; if (r.caughtUp) break; }
  const s = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0); console.log("node cpu ms", Math.round((cpu.user + cpu.system) / 1000));
  console.log("projector", n, s.toFixed(1), "s", Math.round(n / s), "ev/s");
  const total = [...times.values()].reduce((a, b) => a + b, 0);
  console.log("pg cpu ms", (await pgCpu()) - pg0);
  console.log("db total ms", Math.round(total));
  for (const [k, v] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(Math.round(v), k);
} finally { measuring = false; await db.drop(); }
