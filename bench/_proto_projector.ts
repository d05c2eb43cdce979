import "../scripts/load-env";
import "../src/server/db/pool";
import { createBenchDb } from "./lib/database";
import { realisticLog, insertLog, busyOrgLeads } from "./lib/seed-log";
import { runProjector } from "../src/server/projector/open-loops-projector";
import { randomUUID } from "node:crypto";
const N = Number(process.argv[2] ?? 100000);
const BATCH = Number(process.argv[3] ?? 1000);
const end = new Date();
const db = await createBenchDb(4);
try {
  let t = performance.now();
  const items = [...realisticLog("proto", 3, Math.round(N * 0.9), end), ...busyOrgLeads(randomUUID(), Math.round(N * 0.1), end)];
  console.log("gen", Math.round(performance.now() - t)); t = performance.now();
  await insertLog(db.pool, items, new Map());
  console.log("insert", Math.round(performance.now() - t), Math.round(items.length / ((performance.now() - t) / 1000)), "rows/s"); t = performance.now();
  await db.pool.query("VACUUM ANALYZE system_events");
  t = performance.now();
  let n = 0;
  for (;;) { const r = await runProjector(db.pool, () => end, { batchSize: BATCH }); n += r.processed; if (r.caughtUp) break; }
  const s = (performance.now() - t) / 1000;
  console.log("projector", n, s.toFixed(1), "s", Math.round(n / s), "ev/s");
} finally { await db.drop(); }
