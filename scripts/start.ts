import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { InvalidEnvError } from "~/env-errors";
import { isLoopbackHost } from "~/env-accounts";
import { demoWanted, valuesToGenerate, valuesToLoad, withValues } from "./lib/env-file";
import { NEXT_SERVER_NODE_FLAGS, buildNext, needsBuild, nextBin } from "./lib/next-build";
import { FIRST_ORG_HINT, prepareAccounts } from "./lib/prepare-accounts";

/**
 * `npm start` (production build) and `npm run dev` (`--dev`, next dev): everything a newcomer
 * needs in one command. Without DATABASE_URL it serves an embedded Postgres (PGlite, data kept in
 * .data/pglite), applies the migrations, seeds the demo business once (there, or with `--demo`),
 * builds when the sources changed, runs Next on 127.0.0.1 (HOST) and prints where to sign in.
 * Ctrl-C stops Next, then the database.
 */
const dev = process.argv.includes("--dev");
const root = path.resolve(import.meta.dirname, "..");
const say = (msg: string) => process.stdout.write(`[start] ${msg}\n`);
process.chdir(root);

// The first run configures itself from .env.example, written to .env once it is known to be
// valid, with random secrets (never the published examples) and, for the demo, a random password.
const firstRun = !existsSync(".env");
const envText = readFileSync(firstRun ? ".env.example" : ".env", "utf8");
for (const [name, value] of Object.entries(valuesToLoad(envText, firstRun))) process.env[name] ??= value;

const embedded = !process.env.DATABASE_URL;
const demo = demoWanted({ embedded, argv: process.argv, calmDemo: process.env.CALM_DEMO });
const generated = valuesToGenerate(process.env, demo);
Object.assign(process.env, generated);
// Validates the whole environment now: a bad value stops here, one line per bad variable.
const { EMBEDDED_DATABASE_URL, env } = await import("~/env").catch((e: unknown) => {
  if (e instanceof InvalidEnvError) fail(e.message);
  throw e;
});
if (!isLoopbackHost(env.HOST) && !env.APP_URL) {
  fail(
    `HOST=${env.HOST} serves other machines: set APP_URL to the URL people use (e.g. https://calm.example.com), ` +
      "the one origin sign-in and the API accept. See README, Security.",
  );
}
if (firstRun || Object.keys(generated).length > 0) {
  writeFileSync(".env", withValues(envText, generated), { mode: 0o600 });
  const what = Object.keys(generated).join(", ");
  say(firstRun ? `No .env found: wrote .env from .env.example${what ? `, with new random ${what}` : ""} (edit it to configure).` : `Added a new random ${what} to .env.`);
}
const port = env.PORT;
await assertPortFree(port);

let child: ChildProcess | undefined;
let shuttingDown = false;
let finishing = false;
let ready = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(signal));

let stopDatabase: () => Promise<void> = async () => undefined;
let databaseUrl = env.DATABASE_URL;
if (embedded) {
  const { startEmbeddedPostgres, EmbeddedPostgresBusyError } = await import("~/server/db/embedded");
  say("DATABASE_URL is not set: starting the embedded Postgres (PGlite, data in .data/pglite)…");
  try {
    const db = await startEmbeddedPostgres({ dataDir: ".data/pglite", port: Number(new URL(EMBEDDED_DATABASE_URL).port) });
    databaseUrl = db.url;
    stopDatabase = db.stop;
  } catch (e) {
    if (e instanceof EmbeddedPostgresBusyError) fail(e.message);
    throw e;
  }
  // The Next server and a worker share the embedded server's 16 connections.
  process.env.DATABASE_POOL_SIZE = String(Math.min(env.DATABASE_POOL_SIZE, 5));
  say(`Embedded Postgres is listening on ${databaseUrl}`);
} else {
  say(`Using the database at ${redact(databaseUrl)} (DATABASE_URL).`);
}
process.env.DATABASE_URL = databaseUrl;

try {
  await ensureDatabaseExists(databaseUrl);
  const { applyMigrations } = await import("~/server/db/migrate/apply-migrations");
  const applied = await applyMigrations(databaseUrl);
  say(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database schema is up to date.");
  const accounts = await seedAccounts(databaseUrl);
  if (!dev && needsBuild()) {
    say("Building the app (first run, or the sources changed since the last build)… this takes a minute or two.");
    await buildNext(process.env, (c) => (child = c));
  }
  say(`Starting Next (${dev ? "next dev" : "next start"}) on port ${port}…`);
  child = spawn(process.execPath, [...NEXT_SERVER_NODE_FLAGS, nextBin(), dev ? "dev" : "start", "-p", String(port), "-H", env.HOST], { stdio: "inherit", env: process.env });
  // Next exiting on its own (a crash, or its own Ctrl-C) ends the run and closes the database.
  child.on("exit", (code, signal) => {
    if (!ready && !shuttingDown) say(`Next exited before it was ready (${signal ?? `exit code ${code}`}).`);
    void finish(shuttingDown ? 0 : ready ? (code ?? 1) : code || 1);
  });
  await waitForHealth(port);
  ready = true;
  banner(accounts);
} catch (e) {
  const detail = e instanceof Error ? (process.env.DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
  process.stderr.write(`[start] ${detail}\n`);
  await finish(1);
}

async function seedAccounts(url: string) {
  const { createPool } = await import("~/server/db/pool");
  const pool = createPool(url, 2);
  try {
    const report = await prepareAccounts(pool, { demoPassword: demo ? env.CALM_DEMO_PASSWORD! : null, now: new Date() });
    if (report.demo) say(report.demo.created ? "Seeded the demo business." : "The demo business is already there (not re-seeded).");
    if (report.demoDisabled) say("Disabled the demo user of an earlier version (its password was published); `npm start -- --demo` re-enables it.");
    return report;
  } finally {
    await pool.end();
  }
}

/** Ready once /api/health answers 200; a 503 means Next runs but cannot reach its database. */
async function waitForHealth(p: number): Promise<void> {
  const host = ["0.0.0.0", "::", "[::]"].includes(env.HOST) ? "127.0.0.1" : env.HOST.includes(":") && !env.HOST.startsWith("[") ? `[${env.HOST}]` : env.HOST;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (shuttingDown) return;
    let status: number | undefined;
    try {
      status = (await fetch(`http://${host}:${p}/api/health`, { signal: AbortSignal.timeout(10_000) })).status;
    } catch {
      // not listening yet
    }
    if (status === 200) return;
    if (status === 503) throw new Error("the app cannot reach its database (the reason is in the log above)");
    if (Date.now() > deadline) throw new Error(`http://${host}:${p}/api/health did not answer within 3 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function banner(accounts: Awaited<ReturnType<typeof seedAccounts>>) {
  const redis = env.REDIS_URL
    ? `on (${env.REDIS_URL}): events are relayed to the stream "${env.REDIS_STREAM}"`
    : "off: REDIS_URL is not set, so the relay to Redis Streams is off";
  const where = env.APP_URL ?? `http://${isLoopbackHost(env.HOST) ? "localhost" : env.HOST}:${port}`;
  const lines = [
    `Calm is running at ${where}${isLoopbackHost(env.HOST) ? ` (this machine only: HOST=${env.HOST})` : ""}`,
    ...(accounts.demo ? [`Sign in to the demo business as ${accounts.demo.email} / ${accounts.demo.password}`] : []),
    ...(accounts.noUsers ? FIRST_ORG_HINT : []),
    `Database: ${embedded ? `embedded Postgres at ${databaseUrl} (data in .data/pglite)` : redact(databaseUrl)}`,
    `Redis: ${redis}`,
    "Press Ctrl-C to stop.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = "─".repeat(width + 2);
  process.stdout.write(`\n┌${rule}┐\n${lines.map((l) => `│ ${l.padEnd(width)} │`).join("\n")}\n└${rule}┘\n\n`);
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** A DATABASE_URL naming a database that does not exist yet (e.g. …/calm) gets it created. */
async function ensureDatabaseExists(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.end();
    return;
  } catch (e) {
    await client.end().catch(() => undefined);
    if ((e as { code?: string }).code !== "3D000") throw new Error(`Cannot connect to ${redact(url)}: ${(e as Error).message}`);
  }
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    say(`Created the database "${name}".`);
  } finally {
    await c.end();
  }
}

function assertPortFree(p: number): Promise<void> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      fail(
        e.code === "EACCES"
          ? `Port ${p} needs privileges this user does not have: set PORT above 1023 (e.g. PORT=3001 npm start).`
          : `Port ${p} is in use: is another \`npm start\` running? Stop it, or set PORT (e.g. PORT=3001 npm start).`,
      ),
    );
    probe.listen(p, env.HOST, () => probe.close(() => resolve()));
  });
}

/** Ctrl-C reaches Next too (same process group); we wait for it to exit, then close the database. */
async function shutdown(signal: NodeJS.Signals) {
  if (shuttingDown) return;
  shuttingDown = true;
  say(`Stopping (${signal})…`);
  await finish(0, signal);
}

async function finish(code: number, signal: NodeJS.Signals = "SIGTERM") {
  if (finishing) return;
  finishing = true;
  await stopChild(signal);
  await stopDatabase().catch((e: unknown) => process.stderr.write(`[start] stopping the database failed: ${String(e)}\n`));
  if (embedded) say("Embedded Postgres stopped.");
  process.exit(code);
}

function stopChild(signal: NodeJS.Signals): Promise<void> {
  const c = child;
  if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.once("exit", () => resolve());
    c.kill(signal);
    setTimeout(() => c.kill("SIGKILL"), 10_000).unref();
  });
}

function fail(message: string): never {
  process.stderr.write(message.split("\n").map((line) => `[start] ${line}\n`).join(""));
  process.exit(1);
}
