// Dev aid for the projector's catch-up (not a bench: it writes no docs, and leaves its database):
// - `tsx bench/projector-profile.ts seed N`: a database with bench:projector's log of N events;
//   prints its URL and the log's END instant;
// - `PROF_END=<END> tsx bench/projector-profile.ts run URL [batch | worker]`: a catch-up from an
//   empty projection, in batches of `batch` or as the worker's job runs it (`worker`), with this
//   process's and the Postgres backends' CPU per event, and the wall time of each statement kind
//   (PROF_EXPLAIN=10,20: EXPLAIN ANALYZE of those batches' write statements);
//   run it under `node --cpu-prof --import tsx` for a profile;
// - `PROF_END=<END> tsx bench/projector-profile.ts capture URL N`: projects N-1 batches and saves
//   batch N's write statement and parameters to /tmp/projector-write.json, to time variants of it.
// Drop the database afterwards: DROP DATABASE <name> WITH (FORCE).
import "../scripts/load-env";
import "../src/server/db/pool";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../src/server/db/migrate/apply-migrations";
import { catchUp } from "./lib/projector-measures";
import { busyOrgLeads, insertLog, realisticLog, type LogItem } from "./lib/seed-log";

const [mode, arg, batchArg] = process.argv.slice(2);
const log = (s: string) => process.stderr.write(`${s}\n`);
if (mode === "seed") {
  const total = Number(arg ?? 200000);
  const name = `calm_prof_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  await applyMigrations(url);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const END = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const busy = Math.min(100_000, Math.round(total / 10));
  const main = realisticLog("bench-projector", 3, total - busy, END);
  const b = busyOrgLeads(randomUUID(), busy, END);
  const out: LogItem[] = [];
  const every = main.length / Math.max(1, b.length);
  let j = 0;
  for (let i = 0; i < main.length; i++) {
    out.push(main[i]!);
    while (j < b.length && j * every <= i) out.push(b[j++]!);
  }
  while (j < b.length) out.push(b[j++]!);
  await insertLog(pool, out, new Map());
  await pool.query("ANALYZE");
  await pool.end();
  console.log(`${url} ${END.toISOString()}`);
} else if (mode === "run") {
  const url = arg!;
  const END = new Date(process.env.PROF_END!);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  await pool.query("TRUNCATE loop_changes");
  const stats = new Map<string, { n: number; ms: number }>();
  let writes = 0;
  const explainAt = new Set((process.env.PROF_EXPLAIN ?? "").split(",").filter(Boolean).map(Number));
  const orig = pg.Client.prototype.query as (...a: unknown[]) => Promise<unknown>;
  (pg.Client.prototype as unknown as { query: unknown }).query = async function (this: pg.Client, ...a: unknown[]) {
    const text = typeof a[0] === "string" ? a[0] : (a[0] as { text: string }).text;
    const k = text.replace(/\s+/g, " ").slice(0, 60);
    if (k.startsWith("WITH ")) {
      writes++;
      if (explainAt.has(writes)) {
        await orig.call(this, "SAVEPOINT prof");
        const r = (await orig.call(this, `EXPLAIN (ANALYZE, BUFFERS, WAL) ${text}`, a[1])) as { rows: Record<string, string>[] };
        log(`--- write ${writes}\n${r.rows.map((x) => x["QUERY PLAN"]).join("\n")}`);
        await orig.call(this, "ROLLBACK TO SAVEPOINT prof");
      }
    }
    const t = performance.now();
    const res = await orig.apply(this, a);
    const s = stats.get(k) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += performance.now() - t;
    stats.set(k, s);
    return res;
  };
  const r = await catchUp(pool, END, batchArg === "worker" ? "worker" : Number(batchArg ?? 10000), log);
  console.log(JSON.stringify(r));
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) log(`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(5)}x ${k}`);
  await pool.end();
}

// capture URL N: project N-1 batches, save the Nth batch's write statement to /tmp/prof/write.json
if (mode === "capture") {
  const { runProjector } = await import("../src/server/projector/open-loops-projector");
  const { writeFileSync } = await import("node:fs");
  const url = arg!;
  const END = new Date(process.env.PROF_END!);
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  for (const t of ["open_loops", "entities", "loop_changes", "loop_counts"]) await pool.query(`DELETE FROM ${t}`);
  await pool.query("DELETE FROM subscription_checkpoints WHERE subscriber_id = 'open-loops'");
  await pool.query("VACUUM ANALYZE open_loops, entities, loop_changes");
  const n = Number(batchArg ?? 10);
  let done = 0;
  while (done < n - 1) done += (await runProjector(pool, () => END, { batchSize: 10000, maxBatches: n - 1 - done })).batches;
  const orig = pg.Client.prototype.query as (...a: unknown[]) => Promise<unknown>;
  (pg.Client.prototype as unknown as { query: unknown }).query = async function (this: pg.Client, ...a: unknown[]) {
    const text = typeof a[0] === "string" ? a[0] : (a[0] as { text: string }).text;
    if (text.startsWith("WITH ")) {
      writeFileSync("/tmp/projector-write.json", JSON.stringify({ text, params: a[1] }));
      throw new Error("captured");
    }
    return orig.apply(this, a);
  };
  await runProjector(pool, () => END, { batchSize: 10000, maxBatches: 1 }).catch((e) => log(String(e)));
  await pool.end();
}
