import "../scripts/load-env";
import "../src/server/db/pool";
import { createBenchDb } from "./lib/database";
import { appendToVisible } from "./lib/loop-latency";
const db = await createBenchDb(8);
try {
  const l = await appendToVisible(db.pool, Number(process.argv[2] ?? 60));
  console.log(l.visibleMs.map((x) => Math.round(x)).join(" "));
} finally { await db.drop(); }
