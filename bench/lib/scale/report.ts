// docs/benchmarks.md#bench:scale and docs/bench-scale.svg, from every size measured so far.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { replaceDocSection } from "../doc-section";
import { fmt } from "../stats";
import { planLine } from "./plans";
import { type Panel, scaleSvg } from "./plot";
import type { ProbeResult } from "./read-probes";
import { type SizeResult, allResults } from "./results";
import { sizeLabel } from "./scale-db";
import { SETTLE } from "../settle";

const DOCS = path.resolve(import.meta.dirname, "../../../docs");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const DESIGN = ["idx_system_events_org_occurred", "idx_system_events_entity", "idx_system_events_type_org", "idx_system_events_created_brin"];

export const TARGETS = { bytesPerEvent: 700, appendRatio: 0.9, rebuildPerSec: 40_000, rssRatio: 1.3, relayPerSec: 60_000 };

const probeOf = (r: SizeResult, key: string): ProbeResult | undefined => r.reads?.probes.find((p) => p.key === key);
/** The verdict of a read: on HTTP (what the user waits for) where it was measured, else server-side. */
const readP95 = (p: ProbeResult) => p.http?.p95 ?? p.server.p95;
type AppendKey = "single" | "batch" | "singleV7" | "batchV7";
/** Median events/s of a workload, null where the run did not measure it (runs before v7 ids were). */
const appendMedian = (xs: number[] | undefined) => (xs && xs.length > 0 ? median(xs) : null);
const appendRatio = (r: SizeResult, k: AppendKey) => {
  const here = appendMedian(r.appends?.scale[k]);
  const empty = appendMedian(r.appends?.empty[k]);
  return here === null || empty === null ? null : here / empty;
};
const APPEND_LABELS: Record<AppendKey, (writers: number) => string> = {
  single: (w) => `single appends, ${w} writers (group commit), random (v4) ids`,
  singleV7: (w) => `single appends, ${w} writers (group commit), time-ordered (v7) ids`,
  batch: () => "appendBatch of 500, sequential, random (v4) ids",
  batchV7: () => "appendBatch of 500, sequential, time-ordered (v7) ids",
};
// The live projection's catch-up on a log just imported by COPY is the worker's work, timed apart.
const live = (r: SizeResult) => r.rebuild.liveSeconds ?? 0;

/** What became of the live projection's catch-up on the imported log (not in the rebuild's time), as a clause. */
function liveCatchUp(r: SizeResult): string {
  if (r.rebuild.liveSkipped) return "; the live projection's catch-up on the imported log was skipped (--skip-live-catchup)";
  const seconds = live(r) + (r.rebuild.liveBeforeSeconds ?? 0);
  return seconds >= 1 ? `; left out: the live projection's catch-up on the imported log, ${fmt(seconds)} s` : "";
}
const rebuildRate = (r: SizeResult) => r.rebuild.events / (r.rebuild.seconds - live(r));
/** The projector's rebuild alone (`--skip-history`), where measured: what its target is read against. */
const aloneRate = (r: SizeResult) => (r.rebuild.alone ? r.rebuild.alone.events / r.rebuild.alone.seconds : null);
const rssRatio = (r: SizeResult) => (r.rebuild.hwmAtMarkMb ? r.rebuild.hwmEndMb / r.rebuild.hwmAtMarkMb : null);
const pf = (ok: boolean | null) => (ok === null ? "n/a" : ok ? "PASS" : "**MISS**");
const ms = (v: number | undefined | null, d = 1) => (v === undefined || v === null ? "–" : fmt(v, d));

export function writeScaleDocs(): string[] {
  const all = allResults();
  if (all.length === 0) return [];
  const big = all.at(-1)!;
  const sizes = all.map((r) => r.size);
  const head = `| measurement | target | ${all.map((r) => sizeLabel(r.size)).join(" | ")} | baseline at ${sizeLabel(big.size)}, same run | result at ${sizeLabel(big.size)} |`;
  const sep = `|---|---|${all.map(() => "---:").join("|")}|---|---|`;
  const rows: string[] = [];
  const keys = big.reads?.probes.map((p) => p.key) ?? [];
  for (const key of keys) {
    const p = probeOf(big, key)!;
    if (p.targetMs === null) continue;
    const cells = all.map((r) => {
      const x = probeOf(r, key);
      return x ? `${ms(x.server.p95)} / ${x.http ? ms(x.http.p95) : "–"}` : "–";
    });
    const base = `SQL alone p95 ${ms(p.raw.p95, 2)} ms${p.http && big.reads?.noop ? `; no-op route p95 ${ms(big.reads.noop.p95)} ms` : ""}`;
    rows.push(`| ${p.label}, p95 server / HTTP (ms) | ≤ ${p.targetMs} ms | ${cells.join(" | ")} | ${base} | ${pf(readP95(p) <= p.targetMs!)} |`);
  }
  for (const k of ["single", "singleV7", "batch", "batchV7"] as const) {
    const label = APPEND_LABELS[k](big.appends?.writers ?? 16);
    const ratio = appendRatio(big, k);
    const [empty, here] = [appendMedian(big.appends?.empty[k]), appendMedian(big.appends?.scale[k])];
    const base = empty !== null && here !== null ? `empty log: ${fmt(empty)} events/s; here ${fmt(here)}` : "–";
    rows.push(`| ${label}, vs the same run on an empty log | ≥ 90% | ${all.map((r) => (appendRatio(r, k) === null ? "–" : `${fmt(100 * appendRatio(r, k)!)}%`)).join(" | ")} | ${base} | ${pf(ratio === null ? null : ratio >= TARGETS.appendRatio)} |`);
  }
  rows.push(
    `| bytes per event: table + TOAST + every index | ≤ 700 B | ${all.map((r) => (r.storage ? `${fmt(r.storage.perEvent)} B (${r.storage.indexes.length} indexes)` : "–")).join(" | ")} | heap alone ${big.storage ? fmt(big.storage.heapBytes / big.storage.events) : "–"} B | ${pf(big.storage ? big.storage.perEvent <= TARGETS.bytesPerEvent : null)} |`,
  );
  rows.push(
    `| projector rebuild from scratch (events/s), alone: \`projections:rebuild -- --fresh --skip-history\` | ≥ 40,000 | ${all.map((r) => (aloneRate(r) === null ? "–" : fmt(aloneRate(r)!))).join(" | ")} | ${big.rebuild.alone ? `${fmt(big.rebuild.alone.seconds)} s, peak RSS ${fmt(big.rebuild.alone.hwmEndMb)} MB` : "not measured"} | ${pf(aloneRate(big) === null ? null : aloneRate(big)! >= TARGETS.rebuildPerSec)} |`,
    `| the whole \`projections:rebuild -- --fresh\` (events/s): the projector and the time machine's loop history side by side | – (the 40,000 is the projector's) | ${all.map((r) => fmt(rebuildRate(r))).join(" | ")} | the projection ${fmt(big.rebuild.foldSeconds - live(big))} s and the loop history ${big.rebuild.historySeconds ? `${fmt(big.rebuild.historySeconds)} s` : "–"}, side by side${liveCatchUp(big)} | ${rebuildRate(big) >= TARGETS.rebuildPerSec ? "over 40,000" : "under 40,000"} |`,
  );
  rows.push(
    `| rebuild peak RSS, end / after a tenth of the log | ≤ 1.3 | ${all.map((r) => (rssRatio(r) === null ? "–" : fmt(rssRatio(r)!, 2))).join(" | ")} | ${fmt(big.rebuild.hwmAtMarkMb ?? Number.NaN)} MB after ${fmt(big.rebuild.markAt)} events, ${fmt(big.rebuild.hwmEndMb)} MB at the end | ${pf(rssRatio(big) === null ? null : rssRatio(big)! <= TARGETS.rssRatio)} |`,
  );
  rows.push(
    `| relay catch-up into an empty stream (events/s) | ≥ 60,000 | ${all.map((r) => (r.relay ? fmt(r.relay.relayPerSec) : "–")).join(" | ")} | ${big.relay ? `raw read ${fmt(big.relay.readPerSec)}, raw XADD ${fmt(big.relay.xaddPerSec)}` : "–"} | ${pf(big.relay ? big.relay.relayPerSec >= TARGETS.relayPerSec : null)} |`,
  );

  const lines: string[] = [
    "## bench:scale — millions of events",
    "",
    `Command: \`npm run bench:scale -- --events ${big.size}${big.rebuild.liveSkipped ? " --skip-live-catchup" : ""}\` (sizes 100k → 1M → 10M up to --events, one kept database each, \`calm_bench_scale_<size>\`; \`--fresh\` regenerates, \`--skip-live-catchup\` leaves a new log's live catch-up to bench:projector, \`--steps storage,reads,http,appends,index-cost,relay,partition\` re-measures parts; \`--docs-only\` rewrites this section from bench/results/)`,
    "",
    "The log: 200 orgs with Zipf-distributed sizes (the largest holds 20% plus three probe deals of 10, 1,000 and 10,000 events), a year of the demo seed's stories (leads, quotes, decisions, invoices and payments, follow-ups, notes; some leads, quotes, follow-ups and invoices left open), 4–5% of events recorded late (created_at well after occurred_at), written with COPY in 100,000-row transactions, then `VACUUM (ANALYZE)`, " +
      (big.rebuild.liveSkipped
        ? "the live projection's checkpoint moved to the log's end untold (`--skip-live-catchup`: bench:projector measures that catch-up)"
        : "the live projection's catch-up on the imported log (the worker's work, timed apart)") +
      " and `npm run projections:rebuild -- --fresh` (measured: the projection and, alongside, the time machine's loop history). Reads are the largest org's.",
    "",
    ...all.map(
      (r) =>
        `- ${sizeLabel(r.size)}: log generated ${r.log.generatedAt.slice(0, 16)} (COPY ${fmt(r.log.copySeconds)} s), rebuilt ${r.rebuild.at.slice(0, 16)} ${r.rebuild.settled ? `at load ${r.rebuild.settled.load.toFixed(2)}` : "straight after the import (not settled)"}; ` +
        `reads measured ${r.reads?.at.slice(0, 16) ?? "–"} at load average ${r.reads?.load.join(", ") ?? "–"}` +
        `${r.reads?.httpAt ? `, over HTTP ${r.reads.httpAt.at.slice(0, 16)} at ${r.reads.httpAt.load.join(", ")}` : ", not over HTTP"}; ${r.reads?.cpus ?? ""}, Node ${r.reads?.node ?? ""}`,
    ),
    `- server-side: the tRPC procedure through \`createCaller\` in-process, ${big.reads?.probes[0]?.server.n ?? "?"} sequential calls after 20 warm-up calls; HTTP: the same GETs (\`?input=\`, one kept-alive socket of Node's http client — its fetch costs the client ~2 ms a call here —, gzip accepted and unpacked), each 200 times after 20 warm-up calls, the server first warmed by 30 rounds of every probe, against \`next start\` of build ${big.reads?.build ?? "?"} (WORKER_DISABLED=1); SQL alone: the queries the procedure sent, replayed by themselves`,
    `- each measuring step (reads, HTTP, appends, index cost, relay, and since 2026-12-03 the rebuild: each size's line above says) starts after a \`CHECKPOINT\` and once the 1-minute load average is below ${SETTLE.belowLoad} (at most ${SETTLE.maxSeconds} s waited), so it does not measure the flushing and load of the step before it; the bench, Postgres and the server share 2 cores, and the load averages above are those at each step's start (a first figure of ${SETTLE.belowLoad} or more: the wait ran out)`,
    "",
    "![p95 latency, throughput and size against the log size](bench-scale.svg)",
    "",
    head,
    sep,
    ...rows,
    "",
  ];
  lines.push(...readDetails(big), ...storageDetails(big), ...appendDetails(big), ...partitionDetails(all));
  replaceDocSection(path.join(DOCS, "benchmarks.md"), "scale", lines.join("\n"));
  const svg = path.join(DOCS, "bench-scale.svg");
  writeFileSync(svg, scaleSvg(`bench:scale — the log from ${sizeLabel(sizes[0]!)} to ${sizeLabel(sizes.at(-1)!)} events (shared 2-core machine)`, sizes, panels(all)));
  return [path.join(DOCS, "benchmarks.md"), svg];
}

function readDetails(r: SizeResult): string[] {
  if (!r.reads) return [];
  const out = [
    `### Read paths at ${sizeLabel(r.size)} events`,
    "",
    "| read | server p50 / p95 / p99 (ms) | SQL alone p95 | HTTP p50 / p95 (ms) | answer | plan of its main query (EXPLAIN ANALYZE, BUFFERS) |",
    "|---|---|---:|---|---:|---|",
  ];
  for (const p of r.reads.probes) {
    const plans = r.reads.plans[p.key] ?? [];
    const main = [...plans].sort((a, b) => b.executionMs - a.executionMs)[0];
    out.push(
      `| ${p.label} | ${ms(p.server.p50)} / ${ms(p.server.p95)} / ${ms(p.server.p99)} | ${ms(p.raw.p95, 2)} | ${p.http ? `${ms(p.http.p50)} / ${ms(p.http.p95)}` : p.route ? "–" : "no procedure"} | ${p.httpBytes === null ? "–" : `${fmt(p.httpBytes / 1024, 1)} KiB`} | ${main ? planLine(main) : "–"} |`,
    );
  }
  const last7 = r.reads.plans.last7 ?? [];
  out.push("", `The org's last 7 days (no procedure serves it yet; the SQL a handler would run on the design's \`(org_id, occurred_at DESC)\` index), plans at ${sizeLabel(r.size)}:`, "");
  for (const p of last7) out.push("```", p.sql, "", p.text, "```");
  out.push("");
  return out;
}

function storageDetails(r: SizeResult): string[] {
  if (!r.storage) return [];
  const s = r.storage;
  const use = r.indexUse ?? {};
  const cost = new Map((r.indexCost?.costs ?? []).map((c) => [c.dropped, c]));
  const all = cost.get(null);
  const out = [
    `### Storage and what each index costs and earns, at ${sizeLabel(r.size)} events`,
    "",
    `${fmt(s.events)} events: heap ${fmt(s.heapBytes / s.events)} B/event, TOAST ${fmt(s.toastBytes / s.events)} B, maps ${fmt(s.mapBytes / s.events, 1)} B, indexes ${fmt(s.indexes.reduce((a, i) => a + i.bytes, 0) / s.events)} B: **${fmt(s.perEvent)} B per event** (target ≤ 700 B). Projection: ${fmt(s.projection.entities)} entities (${fmt(s.projection.entitiesBytes / 2 ** 20)} MiB), ${fmt(s.projection.loops)} loops (${fmt(s.projection.loopsBytes / 2 ** 20)} MiB).`,
    "",
    all ? `Write cost: a 500-row INSERT into this table costs ${fmt(all.usPerEvent, 1)} µs and ${fmt(all.walBytesPerEvent)} B of WAL per event with every index (the least of ${r.indexCost!.rounds} interleaved rounds of ${r.indexCost!.statements} statements — other work only adds time, and full-page images after a checkpoint only add WAL —, each variant in a rolled-back transaction on this database); an index's cost is what dropping it saves.` : "",
    "",
    "| index | B/event | write cost µs/event (share) | WAL B/event | scans by the reads | by appends | by the relay | reads slower without it (least of 5 runs, ms; capped at 5 s) | design index? |",
    "|---|---:|---:|---:|---:|---:|---:|---|---|",
  ];
  const earn = new Map((r.indexCost?.earnings ?? []).map((e) => [e.dropped, e.reads]));
  const base = earn.get(null);
  const label = (k: string) => r.reads?.probes.find((p) => p.key === k)?.label ?? k;
  for (const i of s.indexes) {
    const c = cost.get(i.name);
    const saved = c && all ? all.usPerEvent - c.usPerEvent : null;
    const wal = c && all ? all.walBytesPerEvent - c.walBytesPerEvent : null;
    const without = earn.get(i.name);
    // Slower: more than twice and 1 ms over, and only reads whose SQL touches the log (others, like
    // loops.summary, move with the machine's load alone).
    const readsLog = (k: string) => (r.reads?.probes.find((p) => p.key === k)?.queries ?? []).some((q) => q.text.includes("system_events"));
    const slower = base && without ? Object.entries(without).filter(([k, v]) => readsLog(k) && v > 2 * (base[k] ?? 0) + 2) : [];
    const earns = !base || !without ? "–" : slower.length === 0 ? "none" : slower.map(([k, v]) => `${label(k)}: ${fmt(base[k] ?? Number.NaN, 2)} → ${v >= 5000 ? "≥ 5,000" : fmt(v, 1)}`).join("; ");
    out.push(
      `| \`${i.definition}\` | ${fmt(i.perEvent, 1)} | ${saved === null ? "–" : `${fmt(saved, 1)} (${fmt((100 * saved) / all!.usPerEvent)}%)`} | ${wal === null ? "–" : fmt(wal)} | ${use.reads?.[i.name] ?? "–"} | ${use.appends?.[i.name] ?? "–"} | ${use.relay?.[i.name] ?? "–"} | ${earns} | ${DESIGN.includes(i.name) ? "yes" : ""} |`,
    );
  }
  const later = [...cost.keys()].filter((n): n is string => n !== null && !s.indexes.some((i) => i.name === n));
  if (later.length) out.push("", `Indexes a later migration added after the sizes above were measured (write cost and use from the later run): ${later.map((n) => `\`${n}\` ${all && cost.get(n) ? `${fmt(all.usPerEvent - cost.get(n)!.usPerEvent, 1)} µs/event` : ""}`).join(", ")}.`);
  out.push("");
  return out;
}

function appendDetails(r: SizeResult): string[] {
  const out: string[] = [];
  if (r.appends) {
    const a = r.appends;
    out.push(
      `### Appends at ${sizeLabel(r.size)} events vs an empty log (same run, interleaved)`,
      "",
      `In-process through the tRPC caller (validation, group commit, \`calm_append_events\`), ${a.warmup ?? 1} s of each workload on each database first, then ${a.rounds} rounds of ${a.seconds} s each, the two databases alternating; load average ${a.load.join(", ")}. ${
        a.settings
          ? `Postgres settings: ${Object.entries(a.settings).map(([k, v]) => `${k} = ${v}`).join(", ")}.`
          : "Postgres here runs with shared_buffers = 128 MB: the big log's indexes are read from the OS cache."
      } WAL per event: the server's WAL written while the workload ran alone, divided by the events it appended (median of the rounds).`,
      "",
      "| workload | empty log (events/s, per round) | this log | median ratio | WAL B/event, empty → this log |",
      "|---|---|---|---:|---|",
      ...(["single", "singleV7", "batch", "batchV7"] as const).flatMap((k) => {
        const [empty, here] = [a.empty[k], a.scale[k]];
        if (!empty?.length || !here?.length) return [];
        const [walEmpty, walHere] = [a.wal?.empty[k], a.wal?.scale[k]];
        const wal = walEmpty?.length && walHere?.length ? `${fmt(median(walEmpty))} → ${fmt(median(walHere))}` : "–";
        return [`| ${APPEND_LABELS[k](a.writers)} | ${empty.map((x) => fmt(x)).join(", ")} | ${here.map((x) => fmt(x)).join(", ")} | ${fmt((100 * median(here)) / median(empty))}% | ${wal} |`];
      }),
    );
    const q = r.appendsProposed;
    if (q) {
      const w = `without ${q.dropped.map((d) => `\`${d}\``).join(" and ")} (both logs; measured ${q.at.slice(0, 16)}, load average ${q.load.join(", ")})`;
      out.push(
        `| single appends, ${q.writers} writers, ${w} | ${q.empty.single.map((x) => fmt(x)).join(", ")} | ${q.scale.single.map((x) => fmt(x)).join(", ")} | ${fmt((100 * median(q.scale.single)) / median(q.empty.single))}% | – |`,
        `| appendBatch of ${q.batch}, ${w} | ${q.empty.batch.map((x) => fmt(x)).join(", ")} | ${q.scale.batch.map((x) => fmt(x)).join(", ")} | ${fmt((100 * median(q.scale.batch)) / median(q.empty.batch))}% | – |`,
      );
    }
    out.push("");
  }
  if (r.relay) {
    out.push(
      `Relay at ${sizeLabel(r.size)}: ${fmt(r.relay.events)} events from the start of the log into an empty stream (batch ${fmt(r.relay.batch)}, MAXLEN ~${fmt(r.relay.maxLen)}): ${fmt(r.relay.relayPerSec)} events/s; raw readBatch of the same rows ${fmt(r.relay.readPerSec)}/s, raw pipelined XADD of the same entries (2 pipelines in flight) ${fmt(r.relay.xaddPerSec)}/s.`,
      "",
    );
  }
  if (r.projector) {
    out.push(
      `Live projector catch-up at ${sizeLabel(r.size)} from an empty projection (\`runProjector\` in-process, measured ${r.projector.at.slice(0, 16)}, load average ${r.projector.load.join(", ")}): ` +
        r.projector.runs.map((x) => `batches of ${fmt(x.batch)}: ${fmt(x.perSec)} events/s (CPU per event ${fmt(x.cpuUsPerEvent, 1)} µs in the projector, ${x.pgCpuUsPerEvent === null ? "?" : fmt(x.pgCpuUsPerEvent, 1)} µs in Postgres)`).join("; ") + ".",
      "",
    );
  }
  out.push(
    `Rebuild at ${sizeLabel(r.size)}: ${fmt(r.rebuild.events)} events in ${fmt(r.rebuild.seconds)} s (fold ${fmt(r.rebuild.foldSeconds - live(r))} s, then the swap into the live tables; the loop history, rebuilt alongside${r.rebuild.historySeconds ? `, ${fmt(r.rebuild.historySeconds)} s` : ""}${liveCatchUp(r)}), peak RSS ${fmt(r.rebuild.hwmAtMarkMb ?? Number.NaN)} MB after ${fmt(r.rebuild.markAt)} events and ${fmt(r.rebuild.hwmEndMb)} MB at the end.` +
      (r.rebuild.alone
        ? ` The projector alone (\`--skip-history\`, ${r.rebuild.alone.at.slice(0, 16)}${r.rebuild.alone.settled ? `, load ${r.rebuild.alone.settled.load.toFixed(2)}` : ""}): ${fmt(r.rebuild.alone.seconds)} s, ${fmt(r.rebuild.alone.events / r.rebuild.alone.seconds)} events/s.`
        : ""),
    "",
  );
  return out;
}

function partitionDetails(all: SizeResult[]): string[] {
  const r = [...all].reverse().find((x) => x.partition);
  if (!r?.partition) return [];
  const p = r.partition;
  const out = [
    `### Time partitioning, measured at ${sizeLabel(r.size)} events`,
    "",
    `Two copies of the log built the same way (INSERT … SELECT in log order, then the same 9 indexes): plain, and partitioned by month of created_at (${p.partitions} partitions). Partitioned, every unique key must include created_at: the primary key becomes (id, created_at) and (org, entity, version) is unique only within a month, so neither the idempotency of ids nor the version sequence is enforced across months any more. p95 of ${Math.min(100, r.reads?.probes[0]?.server.n ?? 100)} sequential runs each:`,
    "",
    "| query | plain p95 (ms) | partitioned p95 (ms) | partitioned plan |",
    "|---|---:|---:|---|",
    ...p.queries.map((q) => `| ${q.label} | ${fmt(q.flat, 2)} | ${fmt(q.part, 2)} | ${planLine(q.partPlan)} |`),
    `| 500-row INSERT (µs per event, rolled back) | ${fmt(p.insertUsPerEvent.flat, 1)} | ${fmt(p.insertUsPerEvent.part, 1)} | |`,
    `| size (B per event, all indexes) | ${fmt(p.flatBytesPerEvent)} | ${fmt(p.partBytesPerEvent)} | |`,
    "",
  ];
  if (r.pglite) {
    const g = r.pglite;
    out.push(
      `PGlite (the embedded Postgres of \`npm start\` without DATABASE_URL), asked directly: ${g.version}; declarative partitioning ${g.partitioning ? "works" : "fails"}, pruning ${g.pruning ? "works" : "does not"}, BRIN ${g.brin ? "works" : "fails"}, xid8 snapshots ${g.xid8 ? "work" : "fail"}; max_worker_processes = ${g.workers} and max_parallel_workers_per_gather = ${g.parallel} (no autovacuum worker, no parallel query: one backend); extensions among pg_partman, pg_cron, citus, pg_stat_statements: ${g.extensions.length ? g.extensions.join(", ") : "none"}.`,
      "",
    );
  }
  return out;
}

const SHORT: Record<string, string> = {
  timeline10: "timeline, 10 events", timeline10k: "timeline, 10,000 events", asOfOccurred: "asOf occurred, all events",
  asOfRecorded: "asOf recorded, all events", asOfProvOccurred: "asOf occurred, provenance", asOfProvRecorded: "asOf recorded, provenance",
  loopsList: "loops.list", loopsSummary: "loops.summary", feedFirst: "events.list first page", feedDeep: "events.list deep page",
  feedSmall: "events.list, median org", activityFirst: "activity.list first page", activityDeep: "activity.list deep page", last7: "last 7 days (SQL)",
};

function panels(all: SizeResult[]): Panel[] {
  // Only the reads with a target of issue 11, under short names.
  const keys = (all.at(-1)!.reads?.probes ?? []).filter((p) => p.targetMs !== null).map((p) => p.key);
  const label = (k: string) => SHORT[k] ?? k;
  const targets = [10, 20, 25, 50].map((v) => ({ value: v, label: `${v} ms` }));
  return [
    { title: "p95 server-side (tRPC caller)", unit: "ms", log: true, targets, series: keys.map((k) => ({ name: label(k), values: all.map((r) => probeOf(r, k)?.server.p95 ?? null) })) },
    { title: "p95 over HTTP (next start)", unit: "ms", log: true, targets, series: keys.filter((k) => probeOf(all.at(-1)!, k)?.http).map((k) => ({ name: label(k), values: all.map((r) => probeOf(r, k)?.http?.p95 ?? null) })) },
    {
      title: "throughput (events/s)",
      unit: "events/s",
      log: true,
      targets: [{ value: 40_000, label: "rebuild 40k" }, { value: 60_000, label: "relay 60k" }],
      series: [
        { name: "projector rebuild alone", values: all.map(aloneRate) },
        { name: "rebuild with the loop history", values: all.map(rebuildRate) },
        { name: "relay catch-up", values: all.map((r) => r.relay?.relayPerSec ?? null) },
        { name: "single appends, 16 writers, random (v4) ids", values: all.map((r) => (r.appends ? median(r.appends.scale.single) : null)) },
        { name: "appendBatch of 500, random (v4) ids", values: all.map((r) => (r.appends ? median(r.appends.scale.batch) : null)) },
      ],
    },
    {
      title: "bytes per event (table + TOAST + indexes)",
      unit: "bytes",
      log: false,
      targets: [{ value: 700, label: "700 B" }],
      series: [
        { name: "total", values: all.map((r) => r.storage?.perEvent ?? null) },
        { name: "heap", values: all.map((r) => (r.storage ? r.storage.heapBytes / r.storage.events : null)) },
        { name: "indexes", values: all.map((r) => (r.storage ? r.storage.indexes.reduce((a, i) => a + i.bytes, 0) / r.storage.events : null)) },
      ],
    },
  ];
}
