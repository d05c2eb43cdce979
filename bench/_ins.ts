import "../scripts/load-env";
import "../src/server/db/pool";
import { randomUUID } from "node:crypto";
import { createBenchDb } from "./lib/database";
import { busyOrgLeads, insertLog, realisticLog } from "./lib/seed-log";
const db = await createBenchDb(4);
try {
  const end = new Date();
  let t = performance.now();
  const items = [...realisticLog("x", 3, 90000, end), ...busyOrgLeads(randomUUID(), 10000, end)];
  console.log("gen", Math.round(performance.now() - t));
  t = performance.now();
  const vb = new Map(); await insertLog(db.pool, items.slice(0, 50000), vb);
  console.log("with indexes", Math.round(50000 / ((performance.now() - t) / 1000)), "rows/s");
  const idx = ["idx_system_events_org_occurred", "idx_system_events_entity", "idx_system_events_type_org", "idx_system_events_created_brin", "idx_system_events_org_position"];
  const defs = (await db.pool.query("SELECT indexdef FROM pg_indexes WHERE indexname = ANY($1)", [idx])).rows.map((r) => r.indexdef);
  for (const i of idx) await db.pool.query(`DROP INDEX ${i}`);
  t = performance.now();
  await insertLog(db.pool, items.slice(50000), vb);
  const ins = performance.now() - t;
  t = performance.now();
  for (const d of defs) await db.pool.query(d);
  console.log("without", Math.round(50000 / (ins / 1000)), "rows/s; reindex ms", Math.round(performance.now() - t));
} finally { await db.drop(); }
