import "../scripts/load-env";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { sessionPolicy } from "../src/domain/auth/session-lifetime";
import type { SystemEventInput } from "../src/domain/events";
import { createOrg } from "../src/server/orgs/create-org";
import { rebuildProjection } from "../src/server/projector/rebuild";
import { buildNext, needsBuild } from "../scripts/lib/next-build";
import { createBenchDb } from "./lib/database";
import { FIRST_LOOP_VISIBLE, type Ready, TIMELINE_INTERACTIVE, staticCopy, timeToReady } from "./lib/page-timing";
import { type LogItem, busyOrgLeads, insertLog } from "./lib/seed-log";
import { BENCH_SECRETS, freePort, startServer } from "./lib/server";
import { fmt, quantile } from "./lib/stats";

/**
 * `npm run bench:ui [-- --loops 100000 --events 5000 --runs 7]`
 * Headless Chromium against a production `next start`: the dashboard of an org with 100,000 active
 * loops until its first loop is visible, and an entity with 5,000 events until its timeline can be
 * scrubbed. Baseline: the same pages' final markup as static files, served by the same server.
 */
const { values } = parseArgs({ options: { loops: { type: "string", default: "100000" }, events: { type: "string", default: "5000" }, runs: { type: "string", default: "7" } } });
const LOOPS = Number(values.loops);
const EVENTS = Number(values.events);
const RUNS = Math.max(1, Number(values.runs));
const ROOT = path.resolve(import.meta.dirname, "..");
const PUBLIC = path.join(ROOT, "public");
const BASELINE_DIR = path.join(PUBLIC, "bench-ui");
const log = (s: string) => process.stderr.write(`[bench:ui] ${s}\n`);

/** One deal with a long history: lead, then quote cycles and notes, an hour apart. */
function longDeal(orgId: string, n: number, end: Date): { id: string; items: LogItem[] } {
  const id = randomUUID();
  const actor = { id: "0190b000-0000-7000-8000-0000000000b2", type: "user" as const };
  const start = end.getTime() - n * 3_600_000;
  const items = Array.from({ length: n }, (_, i): LogItem => {
    const at = new Date(start + i * 3_600_000).toISOString();
    const [event_type, payload] =
      i === 0 ? ["lead_created", { name: "Standing catering order" }]
      : i % 40 === 1 ? ["quote_requested", {}]
      : i % 40 === 2 ? ["quote_sent", { amount_cents: 120_000 + i, currency: "EUR", valid_until: new Date(start + (i + 168) * 3_600_000).toISOString() }]
      : ["note_added", { text: `Delivery ${i}: bread, croissants and two cakes, signed for at the back door.` }];
    const event = { id: randomUUID(), event_type, occurred_at: at, actor, primary_entity: { type: "deal", id }, payload } as SystemEventInput;
    return { orgId, event };
  });
  return { id, items };
}

const made = !existsSync(PUBLIC);
if (needsBuild()) {
  log("the build is older than the sources: running next build");
  await buildNext();
}
const db = await createBenchDb(4);
let server: Awaited<ReturnType<typeof startServer>> | null = null;
const browser = await chromium.launch({
  executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const now = new Date();
  const org = await createOrg(db.pool, { name: "Bench Bakery" });
  const versions = new Map<string, number>();
  log(`seeding ${fmt(LOOPS)} new leads (each an active loop) and a deal with ${fmt(EVENTS)} events…`);
  await insertLog(db.pool, busyOrgLeads(org.orgId, LOOPS, now), versions);
  const deal = longDeal(org.orgId, EVENTS, now);
  await insertLog(db.pool, deal.items, versions);
  // Subscribers only read rows older than the oldest open transaction of the whole cluster (other
  // databases on a shared Postgres included): wait until all of ours are visible to them.
  for (let i = 0; i < 600; i++) {
    const r = await db.pool.query<{ hidden: number }>(
      "SELECT count(*)::int AS hidden FROM system_events WHERE tx_id >= pg_snapshot_xmin(pg_current_snapshot())",
    );
    if (r.rows[0]!.hidden === 0) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  log("projecting the open loops (rebuild)…");
  await rebuildProjection(db.pool, () => now, { fresh: true });
  const active = (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM open_loops WHERE org_id = $1 AND status = 'active'", [org.orgId])).rows[0]!.n;
  log(`${fmt(active)} active loops`);

  // A real session (issue 8: the cookie carries a stored session's id), sealed with the server's secret.
  process.env.SESSION_SECRET ??= BENCH_SECRETS.SESSION_SECRET;
  process.env.WORKER_SECRET ??= BENCH_SECRETS.WORKER_SECRET;
  const { startSession } = await import("../src/server/auth/sessions");
  const { sealSessionId } = await import("../src/server/auth/session-cookie");
  const sid = await startSession(db.pool, org, new Date(), sessionPolicy(7, 30));
  const cookie = await sealSessionId(sid, BENCH_SECRETS.SESSION_SECRET, 3600);
  const pages: { name: string; url: string; ready: Ready; target: number }[] = [
    { name: "dashboard to first loop visible", url: "/", ready: FIRST_LOOP_VISIBLE, target: 1000 },
    { name: `timeline (${fmt(EVENTS)} events) to interactive`, url: `/entities/deal/${deal.id}`, ready: TIMELINE_INTERACTIVE, target: 1500 },
  ];

  const measure = async (baseUrl: string, url: string, ready: Ready) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: "calm_session", value: cookie, url: baseUrl }]);
    const warm = await timeToReady(context, baseUrl + url, ready); // fills the HTTP cache and the server's JIT
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push((await timeToReady(context, baseUrl + url, ready)).ms);
    await context.close();
    return { samples, html: warm.html, bytes: warm.bytes };
  };

  // First pass: the app's pages. Their final markup becomes the static baseline for the second.
  server = await startServer(db.url, await freePort(), log);
  const results = [];
  for (const p of pages) {
    log(`${p.name}: ${RUNS} runs after a warm-up…`);
    results.push({ ...p, ...(await measure(server.baseUrl, p.url, p.ready)) });
  }
  await server.stop();
  mkdirSync(BASELINE_DIR, { recursive: true });
  const copies = results.map((r) => staticCopy(r.html));
  copies.forEach((html, i) => writeFileSync(path.join(BASELINE_DIR, `${i}.html`), html));

  // Second pass: the same server (restarted: Next lists public files at start-up) serves the copies.
  server = await startServer(db.url, await freePort(), log);
  const rows = [];
  for (const [i, r] of results.entries()) {
    const base = await measure(server.baseUrl, `/bench-ui/${i}.html`, r.ready);
    rows.push({ ...r, baseline: base.samples, pageKb: Buffer.byteLength(copies[i]!) / 1024 });
  }

  const med = (s: number[]) => quantile(s, 0.5);
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const load = `load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores`;
  out(`\nUI (headless Chromium, production build, ${RUNS} runs each after a warm-up; ms from navigation start; ${load})`);
  for (const r of rows) {
    const ok = med(r.samples) <= r.target;
    out(`${ok ? "PASS" : "MISS"}  ${r.name}: target ≤ ${fmt(r.target)} ms, measured median ${fmt(med(r.samples))} ms (p90 ${fmt(quantile(r.samples, 0.9))}), baseline static page of the same size (${fmt(r.pageKb)} KiB) ${fmt(med(r.baseline))} ms`);
  }
  writeDocs(rows.map((r) => ({ ...r, median: med(r.samples), p90: quantile(r.samples, 0.9), base: med(r.baseline) })), active, load);
} finally {
  await browser.close();
  await server?.stop();
  await db.drop();
  rmSync(made ? PUBLIC : BASELINE_DIR, { recursive: true, force: true });
}

type Row = { name: string; target: number; median: number; p90: number; base: number; pageKb: number; bytes: number };

function writeDocs(rows: Row[], active: number, load: string) {
  const START = "<!-- bench:ui:start -->";
  const END = "<!-- bench:ui:end -->";
  const section = [
    START,
    "## UI",
    "",
    `Command: \`npm run bench:ui\` (${new Date().toISOString().slice(0, 10)})`,
    "",
    `- one org with ${fmt(active)} active loops (new leads) and one deal with ${fmt(EVENTS)} events; production \`next start\`, WORKER_DISABLED=1`,
    `- headless Chromium (/usr/bin/chromium), 1280×900, HTTP cache warm (one visit first), median of ${RUNS} runs; the time is measured in the page from navigation start until the condition first holds`,
    "- dashboard: until the first loop (`article[data-loop-id]`) is laid out; timeline: until the scrubber is enabled (hydrated) and events and loops are shown",
    "- baseline: each page's final markup saved as a static file with its scripts made inert (kept as text: same bytes and stylesheets, nothing fetched or run), served by the same Next server",
    "",
    "| page | target | measured median | p90 | baseline (static copy) | page size | transferred, first visit |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.name} | ≤ ${fmt(r.target)} ms | ${fmt(r.median)} ms ${r.median <= r.target ? "(PASS)" : "(**MISS**)"} | ${fmt(r.p90)} ms | ${fmt(r.base)} ms | ${fmt(r.pageKb)} KiB | ${fmt(r.bytes / 1024)} KiB |`),
    "",
    `Machine during the run: ${load} (a shared machine: other work was running). Rerun for your own figures.`,
    END,
  ].join("\n");
  const file = path.join(ROOT, "docs/benchmarks.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const at = current.indexOf(START);
  const endAt = current.indexOf(END);
  writeFileSync(file, at >= 0 && endAt > at ? current.slice(0, at) + section + current.slice(endAt + END.length) : `${current.trimEnd()}\n\n${section}\n`);
}
