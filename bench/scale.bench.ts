import "./lib/bench-env";
import "../src/server/db/pool"; // bigint columns as numbers, as everywhere in the app
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { generateApiKey } from "../src/server/auth/api-keys";
import { catchUp } from "./lib/projector-measures";
import { holdBuildLockShared } from "./lib/build-lock";
import { createBenchDb } from "./lib/database";
import { compareAppends, lastPosition, removeAppendedSince } from "./lib/scale/append-compare";
import { measureIndexCosts, measureIndexEarnings } from "./lib/scale/index-cost";
import { partitionExperiment, pgliteFacts } from "./lib/scale/partitioning";
import { explain } from "./lib/scale/plans";
import { prepareSize } from "./lib/scale/prepare";
import { measureHttp, measureNoop, measureServer, probeContext, readProbes } from "./lib/scale/read-probes";
import { relayCatchUp } from "./lib/scale/relay-catchup";
import { writeScaleDocs } from "./lib/scale/report";
import { type Machine, type SizeResult, loadResult, saveResult } from "./lib/scale/results";
import { dbNameFor, readMeta, sizeLabel, writeMeta } from "./lib/scale/scale-db";
import { settle } from "./lib/settle";
import { indexScans, measureStorage } from "./lib/scale/storage";
import { ensureBuild, freePort, startServer } from "./lib/server";

/**
 * `npm run bench:scale -- --events 10000000` — the log at 100k, 1M and 10M events (every size of
 * the ladder up to --events), each in its own kept database (calm_bench_scale_<size>): generated
 * and written with COPY, projected by a rebuild from scratch (measured), then measured server-side
 * and over HTTP. Steps are resumable: a size's log and projection are made once (`--fresh` starts
 * it over), and `--steps` re-measures only some parts. Writes docs/benchmarks.md#bench:scale and
 * docs/bench-scale.svg from every size measured so far.
 */
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    sizes: { type: "string" },
    fresh: { type: "boolean", default: false },
    reproject: { type: "boolean", default: false },
    /** A new log's live projection is not caught up (the rebuild projects it; bench:projector measures that catch-up). */
    "skip-live-catchup": { type: "boolean", default: false },
    steps: { type: "string", default: "storage,reads,http,appends,index-cost,relay,partition" },
    samples: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
    /** Seconds of each append workload on each database before the appends are measured. */
    warmup: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    writers: { type: "string", default: "16" },
    "relay-events": { type: "string", default: "300000" },
    "partition-max": { type: "string", default: "1000000" },
    orgs: { type: "string", default: "200" },
    seed: { type: "string", default: "calm-scale" },
    "docs-only": { type: "boolean", default: false },
    /** Step `projector` (not in the default steps): live catch-up from an empty projection at these batch sizes. */
    "projector-batches": { type: "string", default: "5000,50000" },
    /** Step `appends-proposed` (not in the default steps): the append comparison without these indexes. */
    "proposed-drop": { type: "string", default: "" },
  },
});
const LADDER = [100_000, 1_000_000, 10_000_000];
const max = Number(values.events);
const sizes = values.sizes ? values.sizes.split(",").map(Number) : [...new Set([...LADDER.filter((s) => s <= max), max])].sort((a, b) => a - b);
const steps = new Set(values.steps.split(",").map((s) => s.trim()));
const samples = Math.max(20, Number(values.samples));
const log = (s: string) => process.stderr.write(`[bench:scale] ${s}\n`);
const command = `npm run bench:scale -- ${process.argv.slice(2).join(" ")}`.trim();
const machine = (): Machine => ({
  at: new Date().toISOString(),
  load: loadavg().map((l) => Math.round(l * 100) / 100),
  cpus: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}`,
  node: process.version,
  command,
});
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

if (!values["docs-only"]) {
  for (const size of sizes) await runSize(size);
}
const files = writeScaleDocs();
log(`wrote ${files.join(" and ")}`);

async function runSize(size: number) {
  log(`=== ${sizeLabel(size)} events (${dbNameFor(size)}), load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const p = await prepareSize(size, { fresh: values.fresh, reproject: values.reproject, skipLiveCatchUp: values["skip-live-catchup"], seed: values.seed, orgs: Number(values.orgs), log });
  const prev = loadResult(size);
  // A regenerated log invalidates every figure measured on the old one.
  const r: SizeResult = prev && prev.log.generatedAt === p.log.generatedAt ? { ...prev, rebuild: p.rebuild } : { size, db: p.name, log: p.log, rebuild: p.rebuild };
  r.indexUse ??= {};
  const save = () => saveResult(r);
  save();
  const orgId = p.log.probes.orgId;
  try {
    if (steps.has("storage")) {
      // The append steps add rows to the kept log and delete them again: its indexes then hold the
      // page splits of rows that are gone. Sizes are measured on the log as generated only.
      // Marked in the database too: another checkout's run (or a helper's) may have written to it.
      const written = r.appendedTo ? "an append step" : (await readMeta<string>(p.pool, "log_written"));
      if (written) log(`storage: skipped — ${written} has written to this log since it was generated (its indexes are no longer as grown); --fresh to measure again`);
      else {
        log("storage: bytes per event, per index…");
        r.storage = { ...(await measureStorage(p.pool)), ...machine() };
        save();
      }
    }
    if (steps.has("reads") || steps.has("http")) {
      await settle(p.pool, log);
      const ctx = await probeContext(p.pool, p.log);
      const probes = readProbes(ctx);
      const m = machine();
      let server: Awaited<ReturnType<typeof measureServer>> | null = null;
      // HTTP figures sit beside the server-side ones: a size never measured in-process gets both.
      if (steps.has("reads") || !r.reads) {
        log(`reads, server-side (${samples} calls each after 20 warm-up calls)…`);
        const before = await indexScans(p.pool);
        server = await measureServer(p.pool, orgId, probes, samples, log);
        r.indexUse.reads = diff(before, await indexScans(p.pool));
      }
      const plans: Record<string, Awaited<ReturnType<typeof explain>>[]> = {};
      for (const [key, s] of server ?? []) plans[key] = await Promise.all(s.queries.map((q) => explain(p.pool, q)));
      let http: Awaited<ReturnType<typeof measureHttp>> | null = null;
      let noop = null;
      let build: string | null = null;
      let httpMachine: Machine | null = null;
      const built = steps.has("http") ? await ensureBuild(log).then(() => true, (e: Error) => (log(`HTTP skipped: ${e.message}`), false)) : false;
      if (built) {
        await settle(p.pool, log); // the build, when it ran, loaded both cores
        const lock = await holdBuildLockShared();
        // A key per org read, created for this run and deleted after it.
        const keys = new Map<string, string>();
        const keyIds: string[] = [];
        for (const org of new Set([orgId, ...probes.map((pr) => pr.orgId ?? orgId)])) {
          const key = generateApiKey();
          const keyId = uuidv7();
          await p.pool.query("INSERT INTO api_keys (id, org_id, name, key_hash, prefix) VALUES ($1, $2, 'bench:scale', $3, $4)", [keyId, org, key.hash, key.prefix]);
          keys.set(org, key.key);
          keyIds.push(keyId);
        }
        const srv = await startServer(p.url, await freePort(), log);
        try {
          build = await import("node:fs").then((fs) => fs.readFileSync(".next/BUILD_ID", "utf8").trim() + ` (built ${fs.statSync(".next/BUILD_ID").mtime.toISOString()})`);
          log(`reads over HTTP against next start (${samples} calls each)…`);
          httpMachine = machine();
          noop = await measureNoop(srv.baseUrl, samples);
          http = await measureHttp(srv.baseUrl, keys, orgId, probes, samples, log);
        } finally {
          await srv.stop();
          lock.release();
          await p.pool.query("DELETE FROM api_keys WHERE id = ANY($1::uuid[])", [keyIds]);
        }
      }
      const prevReads = r.reads;
      r.reads = {
        ...m,
        noop: noop ?? prevReads?.noop ?? null,
        build: build ?? prevReads?.build ?? null,
        httpAt: httpMachine ?? prevReads?.httpAt ?? null,
        plans: server ? plans : (prevReads?.plans ?? {}),
        probes: probes.map((pr) => {
          const old = prevReads?.probes.find((x) => x.key === pr.key);
          const s = server?.get(pr.key);
          const h = http?.get(pr.key);
          return {
            key: pr.key,
            label: pr.label,
            targetMs: pr.targetMs,
            route: pr.http?.proc ?? null,
            server: s?.server ?? old!.server,
            raw: s?.raw ?? old!.raw,
            queries: s?.queries ?? old?.queries ?? [],
            http: h ? h.http : http ? null : (old?.http ?? null),
            httpBytes: h ? h.bytes : http ? null : (old?.httpBytes ?? null),
          };
        }),
      };
      save();
    }
    if (steps.has("appends")) await settle(p.pool, log);
    if (steps.has("appends")) r.appends = await appendsStep(r, p.url, p.pool, orgId, []);
    if (steps.has("appends-proposed")) {
      // The same comparison with the indexes named by --proposed-drop dropped on both logs (and
      // rebuilt on the kept one afterwards): what a proposed index set would give.
      const dropped = values["proposed-drop"].split(",").filter(Boolean);
      if (dropped.length === 0) throw new Error("--steps appends-proposed needs --proposed-drop index,index");
      r.appendsProposed = { ...(await appendsStep(r, p.url, p.pool, orgId, dropped)), dropped };
    }
    save();
    if (steps.has("index-cost")) {
      log("index write cost: 500-row INSERTs with every index, and with each one dropped in a rolled-back transaction…");
      await settle(p.pool, log);
      const m = machine();
      // Rolled back, but its rows' index entries and page splits stay: the log is no longer as generated.
      await writeMeta(p.pool, "log_written", "the index-cost step");
      const rounds = Math.max(5, Number(values.rounds)), statements = 40, rows = 500;
      const costs = await measureIndexCosts(p.pool, orgId, new Date(p.log.end), { rounds, statements, rows, log });
      log("what each index earns: every read's SQL with it and without it (rolled back)…");
      const earnings = r.reads ? await measureIndexEarnings(p.pool, r.reads.probes, { reps: 5, timeoutMs: 5000, log }) : [];
      r.indexCost = { costs, earnings, rows, statements, rounds, ...m };
      save();
    }
    if (steps.has("relay")) {
      log("relay catch-up into an empty stream…");
      await settle(p.pool, log);
      const m = machine();
      const before = await indexScans(p.pool);
      const relay = await relayCatchUp(p.pool, REDIS_URL, { events: Math.min(size, Number(values["relay-events"])), batch: 5000, maxLen: 1_000_000, log });
      r.indexUse.relay = diff(before, await indexScans(p.pool));
      r.relay = { ...relay, ...m };
      log(`  relay ${Math.round(relay.relayPerSec)} events/s (raw read ${Math.round(relay.readPerSec)}, raw XADD ${Math.round(relay.xaddPerSec)})`);
      save();
    }
    if (steps.has("projector")) {
      // The rebuild folds in batches of 5,000; the live catch-up takes any size: how much does the batch size buy?
      const m = machine();
      const runs = [];
      for (const batch of values["projector-batches"].split(",").map(Number)) {
        log(`projector catch-up from an empty projection, batches of ${batch}…`);
        const c = await catchUp(p.pool, new Date(), batch, log);
        runs.push({ batch, perSec: c.perSec, cpuUsPerEvent: c.cpuUsPerEvent, pgCpuUsPerEvent: c.pgCpuUsPerEvent });
        log(`  ${Math.round(c.perSec)} events/s (CPU per event: ${c.cpuUsPerEvent.toFixed(1)} µs here, ${c.pgCpuUsPerEvent?.toFixed(1) ?? "?"} µs in Postgres)`);
      }
      r.projector = { runs, ...m };
      save();
    }
    if (steps.has("partition") && size <= Number(values["partition-max"])) {
      log("time partitioning: a plain and a monthly-partitioned copy of the log, read paths and a write on both…");
      const m = machine();
      const { deal1000, deal10000 } = p.log.probes;
      r.partition = { ...(await partitionExperiment(p.pool, { orgId, deal1000, deal10000, end: p.log.end, samples: Math.min(samples, 100), log })), ...m };
      r.pglite = await pgliteFacts();
      save();
    }
  } finally {
    await p.pool.end();
  }
}

/** Appends on an empty log vs this one; `drop`: indexes removed from both first (rebuilt here after). */
async function appendsStep(r: SizeResult, url: string, pool: pg.Pool, orgId: string, drop: string[]) {
  log(`appends${drop.length ? ` without ${drop.join(", ")}` : ""}: ${values.writers} single-event writers and sequential 500-event batches, each with random (v4) and time-ordered (v7) ids, empty log vs this one, ${values.warmup} s warm-up each, ${values.rounds} rounds of ${values.seconds} s…`);
  const writers = Number(values.writers);
  const empty = await createBenchDb(writers);
  const scalePool = new pg.Pool({ connectionString: url, max: writers });
  const definitions = (await pool.query<{ name: string; def: string }>(
    "SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'system_events'::regclass",
  )).rows.filter((x) => drop.includes(x.name));
  if (definitions.length !== drop.length) throw new Error(`unknown index among ${drop.join(", ")}`);
  const mark = await lastPosition(pool);
  r.appendedTo = true;
  saveResult(r);
  await writeMeta(pool, "log_written", "an append step");
  try {
    for (const d of definitions) {
      await empty.pool.query(`DROP INDEX "${d.name}"`);
      await pool.query(`DROP INDEX "${d.name}"`);
    }
    const before = await indexScans(pool);
    const m = machine();
    const res = await compareAppends({ empty: empty.pool, scale: scalePool }, { empty: uuidv7(), scale: orgId }, {
      writers, batch: 500, seconds: Number(values.seconds), rounds: Number(values.rounds), warmup: Number(values.warmup), log,
    });
    if (drop.length === 0) (r.indexUse ??= {}).appends = diff(before, await indexScans(pool));
    return { ...res, ...m };
  } finally {
    await scalePool.end();
    await empty.drop();
    log("  removing the appended events from the kept log…");
    await removeAppendedSince(pool, mark);
    for (const d of definitions) {
      log(`  rebuilding ${d.name}…`);
      await pool.query(d.def);
    }
  }
}

function diff(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));
}
