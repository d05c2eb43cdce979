import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { NEXT_SERVER_NODE_FLAGS, ensureFreshBuild, nextBin } from "../../scripts/lib/next-build";
import { applyMigrations } from "../../src/server/db/migrate/apply-migrations";
import { createPool } from "../../src/server/db/pool";
import { seedDemo } from "../../scripts/seed/demo";
import { adminQuery } from "../helpers/test-db";
import { databaseUrl } from "../helpers/services";

/**
 * A fresh database (migrated, demo seeded) and a `next start` on a free port for the e2e run.
 * Shares what tests need through the environment, which Playwright's workers inherit:
 * PLAYWRIGHT_TEST_BASE_URL (the default baseURL), E2E_DATABASE_URL, E2E_DEMO_EMAIL/PASSWORD.
 * Returns the teardown: stop the server, drop the database.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // The calm_t_ prefix lets the vitest setup drop databases a killed run left behind.
  const name = `calm_t_e2e_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(name);
  const dropDb = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await applyMigrations(url);
    const pool = createPool(url, 2);
    // The demo password is random per installation (issue 8): this run's own, passed on to the specs.
    const demo = await seedDemo(pool, { now: new Date(), password: randomBytes(12).toString("base64url") }).finally(() => pool.end());

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: "5",
      REDIS_URL: "", // relay off: e2e covers the web app; the relay has its own integration tests
      PORT: String(port),
    };
    // Types are `npm run typecheck`'s job (next.config.js): the suite's build skips Next's pass.
    await ensureFreshBuild({ ...env, CALM_BUILD_SKIP_TYPECHECK: "1" }, (m) => process.stdout.write(`[e2e] ${m}\n`));
    const stopServer = await startServer(port, env);
    process.env.PLAYWRIGHT_TEST_BASE_URL = `http://127.0.0.1:${port}`;
    process.env.E2E_DATABASE_URL = url;
    process.env.E2E_DEMO_EMAIL = demo.email;
    process.env.E2E_DEMO_PASSWORD = demo.password;
    return async () => {
      await stopServer();
      await dropDb();
    };
  } catch (e) {
    await dropDb();
    throw e;
  }
}

/** `next start`, ready once /api/health says the database is up. Its output is shown on failure. */
async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, [...NEXT_SERVER_NODE_FLAGS, nextBin(), "start", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: "pipe" });
  // Specs that watch the server itself (its memory under oversized bodies) find it by this.
  process.env.E2E_SERVER_PID = String(child.pid);
  let output = "";
  const keep = (b: Buffer) => void (output = (output + b.toString()).slice(-20_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", (b: Buffer) => {
    keep(b);
    process.stderr.write(`[next] ${b.toString()}`);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (code ${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) });
      // The public report's words (issue 8): "up" once the database answers.
      const body = (await res.json()) as { database?: unknown };
      if (body.database === "up") return stop;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
