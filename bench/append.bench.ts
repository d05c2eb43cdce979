import "../scripts/load-env";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createOrg } from "../src/server/orgs/create-org";
import { batchLoad } from "./lib/batch-load";
import { createBenchDb } from "./lib/database";
import { eventFactory } from "./lib/events";
import { httpLoad } from "./lib/http-load";
import { rawInsertLoad } from "./lib/raw-insert";
import { type Measurement, type Report, printReport, updateDocs } from "./lib/report";
import { sampleTreeRss } from "./lib/rss";
import { ensureBuild, freePort, startServer } from "./lib/server";

/**
 * `npm run bench:append [-- --seconds 10 --connections 16 --batch 500]`
 * Append throughput against baselines measured in the same run, on a fresh database and a
 * production `next start`: single appends vs a no-op route, appendBatch vs raw multi-row INSERTs.
 */
const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "16" }, batch: { type: "string", default: "500" } },
});
const seconds = Math.min(60, Math.max(1, Number(values.seconds)));
const connections = Math.max(1, Number(values.connections));
const batch = Math.min(1000, Math.max(1, Number(values.batch)));
const WARMUP_S = 2;
const log = (s: string) => process.stderr.write(`[bench:append] ${s}\n`);

await ensureBuild(log);
const loadBefore = loadavg()[0]!;
const db = await createBenchDb(connections);
let server: Awaited<ReturnType<typeof startServer>> | null = null;
try {
  const org = await createOrg(db.pool, { name: "Bench Org" });
  server = await startServer(db.url, await freePort(), log);
  const rss = sampleTreeRss(server.pid);
  const auth = { authorization: `Bearer ${org.apiKey}` };
  const ms: Record<string, Measurement> = {};
  const http = async (name: string, p: string, headers: Record<string, string>, body: () => string) => {
    const warm = await httpLoad({ baseUrl: server!.baseUrl, path: p, connections, seconds: WARMUP_S, headers, body }); // JIT warm-up
    log(`${name} (${seconds} s)…`);
    const r = await httpLoad({ baseUrl: server!.baseUrl, path: p, connections, seconds, headers, body });
    if (r.failed + warm.failed > 0) throw new Error(`${name}: ${r.failed + warm.failed} failed requests`);
    ms[name] = { name, value: r.rps, unit: "req/s", p50: r.p50, p99: r.p99 };
    return { ...r, okTotal: r.ok + warm.ok };
  };

  await http("no-op Next route (baseline)", "/api/bench/noop", {}, () => "{}");
  const single = eventFactory();
  const before = await countEvents();
  const appended = await http(`single append over HTTP, ${connections} clients`, "/api/trpc/events.append", auth, () => JSON.stringify(single().event));
  // Every 2xx must have been a new event, not a duplicate: the log grew by as many rows.
  const grew = (await countEvents()) - before;
  log(`single appends: ${appended.okTotal} answered 2xx (warm-up included); the log grew by ${grew} rows`);

  const raw1 = eventFactory();
  log(`raw single-row INSERT, ${connections} clients (${seconds} s)…`);
  const r1 = await rawInsertLoad({ pool: db.pool, orgId: org.orgId, rowsPerStatement: 1, concurrency: connections, seconds, next: raw1 });
  ms.raw1 = { name: `raw single-row INSERT via pg, ${connections} clients (baseline)`, value: r1.rowsPerSec, unit: "rows/s", p50: r1.p50, p99: r1.p99 };

  for (const concurrency of [1, 2]) {
    const label = concurrency === 1 ? "sequential" : `${concurrency} concurrent`;
    const f = eventFactory();
    await batchLoad({ baseUrl: server.baseUrl, apiKey: org.apiKey, size: batch, concurrency, seconds: WARMUP_S, next: () => f().event });
    log(`appendBatch of ${batch}, ${label} (${seconds} s)…`);
    const b = await batchLoad({ baseUrl: server.baseUrl, apiKey: org.apiKey, size: batch, concurrency, seconds, next: () => f().event });
    ms[`batch${concurrency}`] = { name: `appendBatch of ${batch} via tRPC/HTTP, ${label}`, value: b.eventsPerSec, unit: "events/s", p50: b.p50, p99: b.p99 };
    const rf = eventFactory();
    log(`raw multi-row INSERT of ${batch}, ${label} (${seconds} s)…`);
    const r = await rawInsertLoad({ pool: db.pool, orgId: org.orgId, rowsPerStatement: batch, concurrency, seconds, next: rf });
    ms[`rawN${concurrency}`] = { name: `raw ${batch}-row INSERT via pg, ${label} (baseline)`, value: r.rowsPerSec, unit: "rows/s", p50: r.p50, p99: r.p99 };
  }
  const mem = rss.stop();

  const noop = ms["no-op Next route (baseline)"]!;
  const one = ms[`single append over HTTP, ${connections} clients`]!;
  const report: Report = {
    title: "bench:append — appending events",
    command: `npm run bench:append -- --seconds ${seconds} --connections ${connections} --batch ${batch}`,
    context: [
      `run ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.version}; load generator, server and Postgres share these cores`,
      `1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after the run (other work on the machine skews every figure)`,
      `next start (production build), WORKER_DISABLED=1, server pool DATABASE_POOL_SIZE=${process.env.DATABASE_POOL_SIZE ?? 10}; ${seconds} s per measurement after ${WARMUP_S} s warm-up`,
      `server peak RSS: ${mem.peakTreeMb.toFixed(0)} MB for the process tree (sampled VmRSS), largest VmHWM ${mem.peakHwmMb.toFixed(0)} MB`,
      `single appends: ${appended.okTotal} requests answered 2xx over warm-up + measurement and the log grew by ${grew} rows (each request a distinct new event)`,
    ],
    measurements: [noop, one, ms.raw1!, ms.batch1!, ms.rawN1!, ms.batch2!, ms.rawN2!],
    targets: [
      { name: "single appends vs the no-op route", measured: one, baseline: noop, minRatio: 0.7 },
      { name: "appendBatch sequential vs raw multi-row INSERT", measured: ms.batch1!, baseline: ms.rawN1!, minRatio: 0.5 },
      { name: "appendBatch 2 concurrent vs raw multi-row INSERT, 2 concurrent", measured: ms.batch2!, baseline: ms.rawN2!, minRatio: 0.5 },
    ],
    notes: [
      "Figures vary with whatever else runs on the machine; compare ratios within one run, not across runs.",
      "What the append path does to get here: one database round trip per call (calm_append_events, index probes only, generic plans cached per session, the call itself prepared once per connection); concurrent single appends of an org that arrive while its earlier ones are in the database share one call and commit (group commit: a refused group is retried request by request, so each client gets its own answer); /api/trpc on tRPC's Node adapter (src/pages) instead of the App Router's fetch adapter; mutation answers sent uncompressed (Cache-Control: no-store, no-transform), queries compressed.",
    ],
  };
  printReport(report, (s) => process.stdout.write(`${s}\n`));
  const docs = path.resolve(import.meta.dirname, "../docs/benchmarks.md");
  updateDocs(docs, report);
  log(`updated ${path.relative(process.cwd(), docs)}`);

  async function countEvents() {
    return (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events")).rows[0]!.n;
  }
} finally {
  await server?.stop();
  await db.drop();
}
