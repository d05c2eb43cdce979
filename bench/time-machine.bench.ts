import "./lib/bench-env";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { replayAsOf, type TimeBasis } from "../src/domain/time-travel";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "../src/server/events/stored-event";
import { rebuildLoopHistory } from "../src/server/loop-history/rebuild-loop-history";
import { createOrg } from "../src/server/orgs/create-org";
import { rebuildProjection } from "../src/server/projector/rebuild";
import { createBenchDb } from "./lib/database";
import { callerFor } from "./lib/scale/callers";
import { fmt, quantile } from "./lib/stats";
import { insertTimedLog, timeMachineLog } from "./lib/time-machine/org-log";

/**
 * `npm run bench:time-machine [-- --events 100000 --entities 20000 --samples 200]`
 * The org-wide time machine (loops.list and loops.summary with asOf, both bases) on an org with
 * 100,000 events and 20,000 entities, a share of them recorded late, next to a smaller org:
 * p95 ≤ 300 ms server-side at any moment, ≤ 50 ms in the last 7 days. Baseline in the same run:
 * the raw cost of refolding every entity of the org at a moment (read all its events, fold, derive).
 * Exits non-zero on a miss.
 */
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    entities: { type: "string", default: "20000" },
    late: { type: "string", default: "0.1" },
    samples: { type: "string", default: "200" },
  },
});
const EVENTS = Number(values.events);
const ENTITIES = Number(values.entities);
const LATE = Number(values.late);
const SAMPLES = Number(values.samples);
const TARGET_ANY_MS = 300;
const TARGET_RECENT_MS = 50;
const DAY = 86_400_000;
const ROOT = path.resolve(import.meta.dirname, "..");
const log = (s: string) => process.stderr.write(`[bench:time-machine] ${s}\n`);

async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(20, n); i++) await run(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Deterministic moments, spread evenly (a golden-ratio walk) over [from, to]. */
const moments = (from: number, to: number, n: number) => Array.from({ length: n }, (_, i) => new Date(from + ((i * 0.6180339887) % 1) * (to - from)));

const db = await createBenchDb(4);
let failed = false;
try {
  const now = new Date();
  const big = await createOrg(db.pool, { name: "Bench Time Machine" });
  const small = await createOrg(db.pool, { name: "Bench Neighbour" });
  log(`generating ${fmt(EVENTS)} events over about ${fmt(ENTITIES)} entities (${fmt(100 * LATE)}% recorded late) and a neighbour a tenth its size…`);
  const bigLog = timeMachineLog("time-machine", EVENTS, ENTITIES, LATE, now);
  await insertTimedLog(db.pool, big.orgId, bigLog);
  await insertTimedLog(db.pool, small.orgId, timeMachineLog("neighbour", EVENTS / 10, ENTITIES / 10, LATE, now));
  const stats = (
    await db.pool.query<{ entities: number; ooo_entities: number; late: number }>(
      `SELECT count(*)::int AS entities, count(*) FILTER (WHERE ooo)::int AS ooo_entities, sum(late)::int AS late FROM (
         SELECT bool_or(occurred_at < prev) AS ooo, count(*) FILTER (WHERE created_at > occurred_at + interval '1 hour') AS late FROM (
           SELECT primary_entity_type, primary_entity_id, occurred_at, created_at,
                  max(occurred_at) OVER (PARTITION BY primary_entity_type, primary_entity_id ORDER BY position ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
             FROM system_events WHERE org_id = $1) e GROUP BY primary_entity_type, primary_entity_id) x`,
      [big.orgId],
    )
  ).rows[0]!;
  log(`${fmt(stats.entities)} entities, ${fmt(stats.ooo_entities)} with events recorded out of business-time order, ${fmt(stats.late)} events recorded over an hour late`);
  log("projecting (rebuild) for the entity names…");
  await rebuildProjection(db.pool, () => now, { fresh: true });
  log("building the time machine's history (loop_history) from the log…");
  const h0 = performance.now();
  const historyEvents = await rebuildLoopHistory(db.pool);
  const historySeconds = (performance.now() - h0) / 1000;
  await db.pool.query("ANALYZE");
  const rows = (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM loop_history WHERE org_id = $1", [big.orgId])).rows[0]!.n;
  log(`${fmt(historyEvents)} events in ${fmt(historySeconds, 1)} s (${fmt(historyEvents / historySeconds)} events/s); ${fmt(rows)} history rows for the big org`);

  const first = Date.parse(bigLog[0]!.event.occurred_at);
  const firstOccurred = Math.min(...bigLog.map((e) => Date.parse(e.event.occurred_at)));
  const end = now.getTime() - 1000;
  const api = callerFor(db.pool, big.orgId);
  const any = moments(Math.min(first, firstOccurred), end, SAMPLES);
  const recent = moments(end - 7 * DAY, end, SAMPLES);
  const list = (ms: Date[], basis: TimeBasis) => timed(ms.length, (i) => api.loops.list({ asOf: ms[i]!.toISOString(), basis }));
  const summary = (ms: Date[], basis: TimeBasis) => timed(ms.length, (i) => api.loops.summary({ asOf: ms[i]!.toISOString(), basis }));
  const pageOf = (ms: Date[], basis: TimeBasis) =>
    timed(ms.length, async (i) => {
      // The dashboard's view of a moment: its summary and the first page of the list, side by side.
      await Promise.all([api.loops.list({ asOf: ms[i]!.toISOString(), basis }), api.loops.summary({ asOf: ms[i]!.toISOString(), basis })]);
    });
  type Row = { name: string; samples: number[]; target: number | null };
  const results: Row[] = [];
  for (const basis of ["occurred", "recorded"] as const) {
    log(`${basis}: loops.list and loops.summary at ${SAMPLES} moments anywhere, ${SAMPLES} in the last 7 days…`);
    results.push({ name: `loops.list, any moment, ${basis}`, samples: await list(any, basis), target: TARGET_ANY_MS });
    results.push({ name: `loops.summary, any moment, ${basis}`, samples: await summary(any, basis), target: TARGET_ANY_MS });
    results.push({ name: `list + summary together, any moment, ${basis}`, samples: await pageOf(any, basis), target: TARGET_ANY_MS });
    results.push({ name: `loops.list, last 7 days, ${basis}`, samples: await list(recent, basis), target: TARGET_RECENT_MS });
    results.push({ name: `loops.summary, last 7 days, ${basis}`, samples: await summary(recent, basis), target: TARGET_RECENT_MS });
  }
  log("loops.changes (first page) over the last day and the last 7 days…");
  const days = (n: number, basis: TimeBasis) =>
    timed(Math.min(40, SAMPLES), (i) => {
      const to = end - (i * DAY) / 7;
      return api.loops.changes({ from: new Date(to - n * DAY).toISOString(), to: new Date(to).toISOString(), basis });
    });
  for (const basis of ["occurred", "recorded"] as const) {
    results.push({ name: `loops.changes, 1 day window, ${basis}`, samples: await days(1, basis), target: null });
    results.push({ name: `loops.changes, 7 day window, ${basis}`, samples: await days(7, basis), target: null });
  }
  log("baseline: refolding every entity of the org at a moment…");
  const baseline = await timed(Math.min(10, SAMPLES), async (i) => {
    const res = await db.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM system_events WHERE org_id = $1 ORDER BY position`, [big.orgId]);
    const byEntity = new Map<string, ReturnType<typeof rowToEvent>[]>();
    for (const e of res.rows.map(rowToEvent)) {
      const k = `${e.primary_entity.type}:${e.primary_entity.id}`;
      const own = byEntity.get(k);
      if (own) own.push(e);
      else byEntity.set(k, [e]);
    }
    const asOf = any[i]!;
    let loops = 0;
    for (const own of byEntity.values()) loops += replayAsOf(own, asOf, i % 2 ? "recorded" : "occurred").loops.length;
    return loops;
  });
  results.push({ name: "baseline: refold every entity (read all events + fold + derive)", samples: baseline, target: null });

  const load = `load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores`;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`\nThe org-wide time machine on an org with ${fmt(EVENTS)} events and ${fmt(stats.entities)} entities (${fmt(stats.ooo_entities)} out of order, ${fmt(stats.late)} events recorded late), next to an org a tenth its size; ${load}`);
  out(`${"measurement".padEnd(66)}${"p50".padStart(10)}${"p95".padStart(10)}${"p99".padStart(10)}`);
  for (const r of results) {
    const p95 = quantile(r.samples, 0.95);
    const verdict = r.target === null ? "" : p95 <= r.target ? `  PASS (p95 ≤ ${r.target} ms)` : `  MISS (p95 > ${r.target} ms)   <<<<<< MISSED`;
    if (r.target !== null && p95 > r.target) failed = true;
    out(`${r.name.padEnd(66)}${`${fmt(quantile(r.samples, 0.5), 1)} ms`.padStart(10)}${`${fmt(p95, 1)} ms`.padStart(10)}${`${fmt(quantile(r.samples, 0.99), 1)} ms`.padStart(10)}${verdict}`);
  }
  out(`history: ${fmt(rows)} rows, built from ${fmt(historyEvents)} events in ${fmt(historySeconds, 1)} s`);
  writeDocs(results, { events: EVENTS, ...stats, rows, historyEvents, historySeconds, load, samples: SAMPLES });
} finally {
  await db.drop();
}
if (failed) process.exitCode = 1;

function writeDocs(
  rows: { name: string; samples: number[]; target: number | null }[],
  run: { events: number; entities: number; ooo_entities: number; late: number; rows: number; historyEvents: number; historySeconds: number; load: string; samples: number },
) {
  const START = "<!-- bench:time-machine:start -->";
  const END = "<!-- bench:time-machine:end -->";
  const section = [
    START,
    "## The org-wide time machine",
    "",
    `Command: \`npm run bench:time-machine\` (${new Date().toISOString().slice(0, 10)})`,
    "",
    `- one org with ${fmt(run.events)} events over ${fmt(run.entities)} entities (the seed generator's stories plus notes), ${fmt(run.late)} events recorded over an hour late, ${fmt(run.ooo_entities)} entities with events recorded out of business-time order; a second org a tenth its size`,
    `- server-side: the tRPC procedures through an in-process caller, ${run.samples} moments per row one at a time after a warm-up; "any moment" spreads them from the first event to now, "last 7 days" over the last week`,
    `- the history (loop_history): ${fmt(run.rows)} rows for the big org, built from the whole log (${fmt(run.historyEvents)} events) in ${fmt(run.historySeconds, 1)} s`,
    "- baseline (same run): refolding every entity of the org at a moment, the simplest correct implementation",
    "",
    "| measurement | target | p50 | p95 | p99 |",
    "|---|---:|---:|---:|---:|",
    ...rows.map((r) => {
      const p95 = quantile(r.samples, 0.95);
      const target = r.target === null ? "" : `p95 ≤ ${r.target} ms ${p95 <= r.target ? "(PASS)" : "(**MISS**)"}`;
      return `| ${r.name} | ${target} | ${fmt(quantile(r.samples, 0.5), 1)} ms | ${fmt(p95, 1)} ms | ${fmt(quantile(r.samples, 0.99), 1)} ms |`;
    }),
    "",
    `Machine during the run: ${run.load} (a shared machine: other work was running). Rerun for your own figures.`,
    END,
  ].join("\n");
  const file = path.join(ROOT, "docs/benchmarks.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const at = current.indexOf(START);
  const endAt = current.indexOf(END);
  writeFileSync(file, at >= 0 && endAt > at ? current.slice(0, at) + section + current.slice(endAt + END.length) : `${current.trimEnd()}\n\n${section}\n`);
}
