import "./lib/bench-env";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Browser, chromium } from "@playwright/test";
import pg from "pg";
import { needsBuild } from "../scripts/lib/next-build";
import { startEmbeddedPostgres } from "../src/server/db/embedded";
import { applyMigrations } from "../src/server/db/migrate/apply-migrations";
import { createPool } from "../src/server/db/pool";
import { createOrg } from "../src/server/orgs/create-org";
import { holdBuildLockShared } from "./lib/build-lock";
import { createBenchDb } from "./lib/database";
import { replaceDocSection } from "./lib/doc-section";
import { holdWriteElsewhere, insertNotifyListen, insertThenSelect } from "./lib/live/baselines";
import { appendToVisible, openDashboard } from "./lib/live/dashboard";
import { apiClient, appendToListed } from "./lib/live/http-client";
import { type Row, liveMarkdown, printRows } from "./lib/live/report";
import { NEXT_LOCK, freePort, startServer, startWorker } from "./lib/server";

/**
 * `npm run bench:live [-- --samples 60 --list-samples 60 --held-samples 30 --embedded-samples 30 --skip-embedded --skip-docs]`
 * The production server (`next start`, its in-process worker on, as `npm start` runs it) on a real
 * Postgres, then on the embedded PGlite. A real Chromium signed in on the dashboard; another client
 * appends leads through the HTTP API; the time until each new loop is laid out without a reload.
 * Also append → loops.list over HTTP, and the same with a write transaction held open in another
 * database of the server. Baseline: a raw INSERT + NOTIFY heard by a LISTEN on another connection.
 */
const { values } = parseArgs({
  options: {
    samples: { type: "string", default: "60" },
    "list-samples": { type: "string", default: "60" },
    "held-samples": { type: "string", default: "30" },
    "embedded-samples": { type: "string", default: "30" },
    "skip-embedded": { type: "boolean", default: false },
    "skip-separate": { type: "boolean", default: false },
    "quiet-samples": { type: "string", default: "6" },
    "quiet-seconds": { type: "string", default: "35" },
    "skip-quiet": { type: "boolean", default: false },
    "skip-docs": { type: "boolean", default: false },
  },
});
const N = {
  browser: Math.max(5, Number(values.samples)),
  list: Math.max(5, Number(values["list-samples"])),
  held: Math.max(5, Number(values["held-samples"])),
  embedded: Math.max(5, Number(values["embedded-samples"])),
  quiet: Math.max(3, Number(values["quiet-samples"])),
};
/** The quiet spell before each "after a quiet spell" sample: past the pool's 30 s idle timeout (src/server/db/pool.ts). */
const QUIET_SECONDS = Math.max(1, Number(values["quiet-seconds"]));
const WARM_UP = 3;
const ROOT = path.resolve(import.meta.dirname, "..");
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const log = (s: string) => process.stderr.write(`[bench:live] ${s}\n`);
const loadBefore = loadavg().map((l) => l.toFixed(1)).join(", ");
// Secrets of this run only (the servers refuse published ones outside the embedded default).
const secrets = { SESSION_SECRET: randomBytes(32).toString("hex"), WORKER_SECRET: randomBytes(24).toString("hex") };

const lock = await freshBuildHeld();
const browser = await chromium.launch({
  executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const rows: Row[] = [];
try {
  rows.push(...(await onRealPostgres(browser)));
  if (!values["skip-quiet"]) rows.push(...(await afterQuietSpells(browser)));
  if (!values["skip-separate"]) rows.push(...(await onSeparateWorker(browser)));
  if (!values["skip-embedded"]) rows.push(...(await onEmbedded(browser)));
} finally {
  await browser.close();
  lock.release();
}
const load = `load average ${loadBefore} before, ${loadavg().map((l) => l.toFixed(1)).join(", ")} after, on ${cpus().length} cores`;
printRows(rows, load, (s) => process.stdout.write(`${s}\n`));
if (!values["skip-docs"]) replaceDocSection(path.join(ROOT, "docs/benchmarks.md"), "live", liveMarkdown(rows, load, { ...N, quietSeconds: values["skip-quiet"] ? 0 : QUIET_SECONDS }));

async function onRealPostgres(b: Browser): Promise<Row[]> {
  const db = await createBenchDb(2);
  const other = await scratchDatabase();
  const server = await startServer(db.url, await freePort(), log, { worker: true, env: secrets });
  try {
    const org = await createOrg(db.pool, { name: "Live Bench Bakery" });
    const api = apiClient(server.baseUrl, org.apiKey);
    log("real Postgres: dashboard signed in; warming up…");
    const page = await openDashboard(b, server.baseUrl, org.email, org.password);
    await appendToVisible(page, api, WARM_UP, 10_000);
    log(`real Postgres: ${N.browser} appends → visible on the dashboard…`);
    const visible = await appendToVisible(page, api, N.browser);
    await page.context().close();
    log(`real Postgres: ${N.list} appends → loops.list over HTTP…`);
    const listed = await appendToListed(api, N.list, 20_000);
    log(`real Postgres: ${N.held} appends → loops.list with a write transaction held open in another database…`);
    const held = await holdWriteElsewhere(other.url);
    const heldListed = await appendToListed(api, N.held, 30_000).finally(() => held.release());
    api.close();
    log("real Postgres: baseline, raw INSERT + NOTIFY → LISTEN on another connection…");
    const baseline = await insertNotifyListen(db.url, Math.max(N.browser, N.list));
    const base = { name: "raw INSERT + NOTIFY → LISTEN, another connection", samples: baseline };
    return [
      { db: "Postgres", name: "append (HTTP, another client) → loop on the open dashboard", samples: visible, targets: { p50: 250, p99: 1000 }, baseline: base },
      { db: "Postgres", name: "append → loops.list over HTTP", samples: listed, targets: { p50: 100 }, baseline: base },
      { db: "Postgres", name: "append → loops.list, a write transaction open in another database", samples: heldListed, targets: { p50: 1000 }, baseline: base },
    ];
  } finally {
    await server.stop();
    await db.drop();
    await other.drop();
  }
}

/**
 * A small business's day: minutes between events. Two servers on two databases, one keeping
 * DATABASE_POOL_MIN idle connections (the default) and one with 0 (every idle connection closed
 * after 30 s, as before it existed); each sample is an append to each, after QUIET_SECONDS with no
 * request (the in-process worker's 5 s passes go on), in alternating order.
 */
async function afterQuietSpells(b: Browser): Promise<Row[]> {
  const sides = await Promise.all(
    [{ min: null }, { min: "0" }].map(async ({ min }) => {
      const db = await createBenchDb(2);
      const server = await startServer(db.url, await freePort(), log, { worker: true, env: { ...secrets, ...(min === null ? {} : { DATABASE_POOL_MIN: min }) } });
      return { db, server, samples: [] as number[] };
    }),
  );
  try {
    const pages = [];
    for (const [i, side] of sides.entries()) {
      const org = await createOrg(side.db.pool, { name: `Quiet Bench Shop ${i}` });
      const api = apiClient(side.server.baseUrl, org.apiKey);
      const page = await openDashboard(b, side.server.baseUrl, org.email, org.password);
      await appendToVisible(page, api, WARM_UP, 10_000);
      pages.push({ side, page, api });
    }
    log(`quiet spells: ${N.quiet} appends to each server, each after ${QUIET_SECONDS} s of quiet…`);
    for (let i = 0; i < N.quiet; i++) {
      await new Promise((r) => setTimeout(r, QUIET_SECONDS * 1000));
      for (const { side, page, api } of i % 2 === 0 ? pages : [...pages].reverse()) {
        side.samples.push(...(await appendToVisible(page, api, 1, 20_000 + i)));
      }
    }
    for (const { page, api } of pages) {
      await page.context().close();
      api.close();
    }
    const [kept, closed] = sides;
    return [
      {
        db: "Postgres",
        name: `append after ${QUIET_SECONDS} s of quiet → loop on the open dashboard (DATABASE_POOL_MIN=4, the default)`,
        samples: kept!.samples,
        targets: { p50: 250, p99: 1000 },
        baseline: { name: "the same on a server with DATABASE_POOL_MIN=0 (every idle connection closed after 30 s)", samples: closed!.samples },
      },
    ];
  } finally {
    for (const side of sides) {
      await side.server.stop();
      await side.db.drop();
    }
  }
}

/**
 * As a deployment with several web instances runs: two `next start` instances, their in-process
 * workers off, and `npm run worker` as its own process. The dashboard is open on one instance and
 * the appends go to the other, so every step between them crosses processes by NOTIFY: the
 * append's to the worker, the worker's loop change to the dashboard's instance.
 */
async function onSeparateWorker(b: Browser): Promise<Row[]> {
  const db = await createBenchDb(2);
  const env = { ...secrets, DATABASE_POOL_SIZE: "4" };
  const [one, two] = await Promise.all([
    freePort().then((port) => startServer(db.url, port, log, { worker: false, env })),
    freePort().then((port) => startServer(db.url, port, log, { worker: false, env })),
  ]);
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  try {
    worker = await startWorker(db.url, log, env);
    const org = await createOrg(db.pool, { name: "Live Bench Two Shops" });
    const api = apiClient(two.baseUrl, org.apiKey);
    log("two instances + worker: dashboard signed in on one; warming up…");
    const page = await openDashboard(b, one.baseUrl, org.email, org.password);
    await appendToVisible(page, api, WARM_UP, 10_000);
    log(`two instances + worker: ${N.browser} appends on the other instance → visible on the dashboard…`);
    const visible = await appendToVisible(page, api, N.browser);
    await page.context().close();
    log(`two instances + worker: ${N.list} appends → loops.list on the other instance…`);
    const lister = apiClient(one.baseUrl, org.apiKey);
    const listed = await appendToListed(lister, N.list, 20_000, api);
    lister.close();
    api.close();
    const baseline = await insertNotifyListen(db.url, Math.max(N.browser, N.list));
    const base = { name: "raw INSERT + NOTIFY → LISTEN, another connection", samples: baseline };
    const shape = "Postgres, 2 instances + worker" as const;
    return [
      { db: shape, name: "append on one instance → loop on the dashboard open on the other", samples: visible, targets: { p50: 250, p99: 1000 }, baseline: base },
      { db: shape, name: "append on one instance → loops.list on the other, over HTTP", samples: listed, targets: { p50: 100 }, baseline: base },
    ];
  } finally {
    await worker?.stop();
    await Promise.all([one.stop(), two.stop()]);
    await db.drop();
  }
}

async function onEmbedded(b: Browser): Promise<Row[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "calm-bench-live-"));
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "pglite"), port: 0 });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await applyMigrations(embedded.url);
    const pool = createPool(embedded.url, 2);
    const org = await createOrg(pool, { name: "Live Bench Pottery" }).finally(() => pool.end());
    // As `npm start` runs it: the server's pool capped to share the embedded server's connections.
    server = await startServer(embedded.url, await freePort(), log, { worker: true, env: { ...secrets, DATABASE_POOL_SIZE: "5" } });
    const api = apiClient(server.baseUrl, org.apiKey);
    log("embedded: dashboard signed in; warming up…");
    const page = await openDashboard(b, server.baseUrl, org.email, org.password);
    await appendToVisible(page, api, WARM_UP, 10_000);
    log(`embedded: ${N.embedded} appends → visible on the dashboard…`);
    const visible = await appendToVisible(page, api, N.embedded);
    await page.context().close();
    log(`embedded: ${N.embedded} appends → loops.list over HTTP…`);
    const listed = await appendToListed(api, N.embedded, 20_000);
    api.close();
    await server.stop();
    server = null;
    const baseline = await insertThenSelect(embedded.url, N.embedded);
    const base = { name: "raw INSERT, then SELECT on another connection", samples: baseline };
    return [
      { db: "embedded", name: "append (HTTP, another client) → loop on the open dashboard", samples: visible, targets: { p50: 1000 }, baseline: base },
      { db: "embedded", name: "append → loops.list over HTTP", samples: listed, targets: {}, baseline: base },
    ];
  } finally {
    await server?.stop();
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** An empty database beside the bench's, to hold a write transaction in. */
async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `calm_bench_other_${randomBytes(5).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * A production build of the sources as they are, held (shared lock) while the servers run: built
 * under the exclusive lock when stale, then checked again once held (someone may have built since).
 */
async function freshBuildHeld(): Promise<{ release: () => void }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (needsBuild()) {
      log("the build does not match the sources: next build (under the team's build lock)…");
      const r = spawnSync("flock", [NEXT_LOCK, process.execPath, path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
        cwd: ROOT,
        stdio: ["ignore", process.stderr, process.stderr],
        env: { ...process.env, ...secrets },
      });
      if (r.status !== 0) throw new Error("next build failed; if someone else is mid-change, retry later");
    }
    const held = await holdBuildLockShared();
    if (!needsBuild()) return held;
    held.release();
  }
  throw new Error("the sources keep changing: no build matches them");
}

