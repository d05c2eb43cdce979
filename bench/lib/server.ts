import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { NEXT_SERVER_NODE_FLAGS } from "../../scripts/lib/next-build";

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
export const NEXT_LOCK = "/tmp/calm-next.lock";

/** Builds the app when there is no build, or the build predates the no-op baseline route. */
export async function ensureBuild(log: (s: string) => void): Promise<void> {
  const hasBuild = existsSync(path.join(ROOT, ".next/BUILD_ID"));
  const hasNoop = existsSync(path.join(ROOT, ".next/server/app/api/bench/noop"));
  if (hasBuild && hasNoop) return;
  log(hasBuild ? "the build lacks /api/bench/noop: running next build" : "no .next/BUILD_ID: running next build");
  const code = await new Promise<number | null>((resolve) => {
    // Under the team's build lock (work/team/RULES.md): .next is shared by everyone's runs.
    const p = spawn("flock", [NEXT_LOCK, process.execPath, NEXT_BIN, "build"], { cwd: ROOT, stdio: ["ignore", process.stderr, process.stderr] });
    p.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}); if someone else is mid-change, retry later`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Random per bench run: the app refuses .env.example's published secrets with a database of its own (issue 8). */
export const BENCH_SECRETS = { SESSION_SECRET: randomBytes(32).toString("base64url"), WORKER_SECRET: randomBytes(24).toString("base64url") };

export type Server = { pid: number; baseUrl: string; stop: () => Promise<void> };

/**
 * `next start` on its own process group, so stopping it takes its children along. Without
 * `opts.worker` its in-process worker is off (WORKER_DISABLED=1); `opts.env` adds variables.
 */
export async function startServer(
  databaseUrl: string,
  port: number,
  log: (s: string) => void,
  opts: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    ...BENCH_SECRETS,
    WORKER_DISABLED: opts.worker ? "0" : "1",
    PORT: String(port),
    // Benches drive one API key far past the per-key rate limit (issue 12): measure the app, not the limiter.
    API_KEY_RATE_LIMIT: "0",
    ...opts.env,
  };
  delete env.REDIS_URL; // the relay is not what is measured
  const child: ChildProcess = spawn(process.execPath, [...NEXT_SERVER_NODE_FLAGS, NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT, env, detached: true, stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}): ${stderr}`);
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not become healthy within 60 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`next start is up on ${baseUrl} (pid ${child.pid})`);
  return { pid: child.pid!, baseUrl, stop };
}

/**
 * `npm run worker` (scripts/worker.ts) as its own process, as a deployment with several web
 * instances runs it; resolves once its first pass is done. The relay is off (no REDIS_URL).
 */
export async function startWorker(databaseUrl: string, log: (s: string) => void, env: Record<string, string> = {}): Promise<{ stop: () => Promise<void> }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, ...BENCH_SECRETS, ...env };
  delete childEnv.REDIS_URL;
  const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, "--max-semi-space-size=64", "scripts/worker.ts"], {
    cwd: ROOT, env: childEnv, detached: true, stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const firstPass = new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-4000);
      if (stderr.includes("first pass")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the worker exited (${code}): ${stderr}`)));
  });
  const stop = () => stopGroup(child);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no first pass from the worker within 60 s: ${stderr}`)), 60_000);
  });
  try {
    await Promise.race([firstPass, timeout]);
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  log(`npm run worker is up (pid ${child.pid})`);
  return { stop };
}

/** Stops a child started on its own process group (SIGTERM, then SIGKILL after 5 s), children included. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try { process.kill(-child.pid!, "SIGTERM"); } catch { /* already gone */ }
  const timer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, 5000);
  await exited;
  clearTimeout(timer);
}
