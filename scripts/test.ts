import { spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { realN8nTest } from "../tests/helpers/n8n-dir";
import { ADMIN_DATABASE_URL, TEST_REDIS_URL } from "../tests/helpers/services";

/**
 * `npm test`: the whole suite. Needs a real Postgres (the tests create their own databases on it)
 * and Redis: DATABASE_URL / REDIS_URL from the shell, else 127.0.0.1:5432 and :6379. Deliberately
 * does not read .env, whose DATABASE_URL is the app's database, not an admin connection.
 * Extra arguments go to vitest (`npm test -- src/server/events`) and then skip Playwright.
 */
const root = path.resolve(import.meta.dirname, "..");
const say = (msg: string) => process.stdout.write(`\n[test] ${msg}\n`);
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const args = process.argv.slice(2);

say(`1/3 services: Postgres ${redact(ADMIN_DATABASE_URL)}, Redis ${redact(TEST_REDIS_URL)}`);
let missing = await missingServices();
// Docker can only help with services expected on this machine.
if (missing.length > 0 && isLocal(ADMIN_DATABASE_URL) && isLocal(TEST_REDIS_URL) && dockerWorks()) {
  say(`${missing.join(" and ")} not reachable: starting them with \`docker compose up -d\`…`);
  const up = spawnSync("docker", ["compose", "up", "-d", "--wait", "postgres", "redis"], { cwd: root, stdio: "inherit" });
  if (up.status === 0) missing = await waitForServices(60_000);
}
if (missing.length > 0) {
  process.stderr.write(
    `\n[test] Cannot run the tests: ${missing.join(" and ")} not reachable.\n` +
      "  Start them with `docker compose up -d postgres redis` (or your own services), or point\n" +
      "  DATABASE_URL (an admin connection that may create databases) and REDIS_URL at running ones.\n",
  );
  process.exit(1);
}

say("2/3 unit and integration tests (vitest run)");
const vitest = await run(bin("vitest"), ["run", ...args]);
if (vitest !== 0) process.exit(vitest);

if (args.length > 0) {
  say("3/3 end-to-end tests skipped: arguments were given to vitest.");
} else if (!hasSpecs(path.join(root, "tests/e2e"))) {
  say("3/3 end-to-end tests: none in tests/e2e.");
} else {
  say("3/3 end-to-end tests (playwright test)");
  const e2e = await run(bin("playwright"), ["test"]);
  if (e2e !== 0) process.exit(e2e);
}
const n8n = realN8nTest();
say(n8n.included ? "all passed." : `all passed, but ${n8n.file} was NOT RUN: ${n8n.reason}.`);

async function missingServices(): Promise<string[]> {
  const [pgUp, redisUp] = await Promise.all([postgresAnswers(), redisAnswers()]);
  return [...(pgUp ? [] : [`Postgres (${redact(ADMIN_DATABASE_URL)})`]), ...(redisUp ? [] : [`Redis (${redact(TEST_REDIS_URL)})`])];
}

async function waitForServices(ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const missing = await missingServices();
    if (missing.length === 0 || Date.now() > deadline) return missing;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One PING with no reconnects, bounded by a timer: a dead Redis must not hang the run. */
async function redisAnswers(): Promise<boolean> {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), 4000);
  });
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}

function dockerWorks(): boolean {
  return spawnSync("docker", ["info"], { stdio: "ignore", timeout: 15_000 }).status === 0;
}

function isLocal(url: string): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
}

function hasSpecs(dir: string): boolean {
  try {
    return readdirSync(dir, { recursive: true }).some((f) => /\.spec\.[cm]?[jt]sx?$/.test(String(f)));
  } catch {
    return false;
  }
}

function run(cmd: string, argv: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: "inherit", env: process.env });
    // Ctrl-C reaches the child directly (same process group); we only wait for it.
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
