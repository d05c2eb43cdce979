// Dev aid: the projector's prepare step alone (fold, derive, serialize) over a seeded log, with the
// entity table kept in memory, timed by this process's CPU: `tsx bench/projector-prepare.ts URL END [batch]`.
import "../scripts/load-env";
import "../src/server/db/pool";
import pg from "pg";
import { type PreparedProjection, prepareProjection } from "../src/server/projector/project-events";
import { LIVE } from "../src/server/projector/tables";
import { START } from "../src/server/subscriptions/checkpoint";
import { readBatch } from "../src/server/subscriptions/read-batch";
import type { StoredEvent } from "../src/server/events/stored-event";

const [url, end, batchArg] = process.argv.slice(2);
const now = new Date(end!);
const size = Number(batchArg ?? 10000);
const pool = new pg.Pool({ connectionString: url, max: 2 });
const batches: StoredEvent[][] = [];
for (let from = START; ; ) {
  const b = await readBatch(pool, from, size);
  if (b.last === null) break;
  batches.push(b.events);
  from = b.last;
}
await pool.end();
type Row = { org_id: string; type: string; id: string; state: unknown; version: number; next_change_at: Date | null };
for (let run = 0; run < Number(process.env.RUNS ?? 3); run++) {
  const table = new Map<string, Row>();
  const fake = {
    query: async (sql: string, params: string[]) => {
      if (sql.includes("pg_stats")) return { rows: [{ stats: true, rows: true }] };
      const [orgs, types, ids] = params.map((p) => p.split(","));
      const rows = orgs!.flatMap((o, i) => table.get(`${o}:${types![i]}:${ids![i]}`) ?? []);
      return { rows: rows.map((r) => ({ ...r, state: JSON.parse(JSON.stringify(r.state)) })) };
    },
  } as unknown as pg.Pool;
  let previous: PreparedProjection | null = null;
  let cpu = 0;
  for (const events of batches) {
    const c0 = process.cpuUsage();
    const p: PreparedProjection = await prepareProjection(fake, LIVE, events, now, previous);
    const c = process.cpuUsage(c0);
    cpu += c.user + c.system;
    for (const doc of [p.chunks[0]!.inserts, p.chunks[0]!.upserts]) {
      for (const [o, t, i, , s, ver, , nc] of JSON.parse(doc ?? "[]") as [string, string, string, string, unknown, number, number, string | null][]) {
        table.set(`${o}:${t}:${i}`, { org_id: o, type: t, id: i, state: s, version: ver, next_change_at: nc === null ? null : new Date(nc) });
      }
    }
    previous = p;
  }
  const n = batches.reduce((s, b) => s + b.length, 0);
  console.log(`prepare: ${(cpu / n).toFixed(2)} µs CPU per event over ${n} events`);
}
