import "../scripts/load-env";
import "../src/server/db/pool";
import { randomUUID } from "node:crypto";
import { createBenchDb } from "./lib/database";
import { apiCallerFor } from "./lib/loop-latency";
import { runProjector } from "../src/server/projector/open-loops-projector";
import { appendSignal } from "../src/server/events/append-signal";
const db = await createBenchDb(8);
const T0 = performance.now(); const ts = () => Math.round(performance.now() - T0);
try {
  const orgId = randomUUID(); const api = apiCallerFor(db.pool, orgId);
  appendSignal.on(() => { console.log(ts(), "signal"); void runProjector(db.pool, () => new Date(), { batchSize: 1000, maxBatches: 50 }).then((r) => console.log(ts(), "pass", JSON.stringify(r))); });
  for (let i = 0; i < 5; i++) {
    await api.events.append({ id: randomUUID(), event_type: "lead_created", occurred_at: new Date().toISOString(), actor: { id: randomUUID(), type: "user" }, primary_entity: { id: randomUUID(), type: "deal" }, payload: { name: "x" } });
    console.log(ts(), "appended", i);
    for (let k = 0; k < 10; k++) { const l = await api.loops.list({ limit: 5 }); const x = await db.pool.query("select pg_snapshot_xmin(pg_current_snapshot())::text x, pg_current_snapshot()::text s, (select max(tx_id)::text from system_events) m"); console.log(ts(), "list", l.items.length, JSON.stringify(x.rows[0])); if (l.items.length > i) break; await new Promise((r) => setTimeout(r, 300)); }
  }
} finally { await db.drop(); }
