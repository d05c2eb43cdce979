import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { NEXT_SERVER_NODE_FLAGS, nextBin } from "../lib/next-build";
import { sleep } from "./util";

/**
 * `next start` of the snapshot in `appDir` on a loopback port, as production runs it (its
 * in-process worker included), in its own process group so that SIGKILL takes all of it. Its
 * output goes to `logFile`, shown when the drill fails.
 */
export function productionServer(appDir: string, port: number, env: NodeJS.ProcessEnv, logFile: string) {
  const log = createWriteStream(logFile, { flags: "a" });
  let proc: ChildProcess | undefined;
  let disposed = false;

  const start = () => {
    if (disposed) throw new Error("the drill is stopping: the server stays down");
    log.write(`\n--- next start (${new Date().toISOString()}) ---\n`);
    proc = spawn(process.execPath, [...NEXT_SERVER_NODE_FLAGS, nextBin(), "start", appDir, "-p", String(port), "-H", "127.0.0.1"], {
      env,
      cwd: appDir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    proc.stdout!.pipe(log, { end: false });
    proc.stderr!.pipe(log, { end: false });
  };
  const kill = (signal: NodeJS.Signals = "SIGKILL") =>
    new Promise<void>((resolve) => {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once("exit", () => resolve());
      try {
        process.kill(-p.pid!, signal);
      } catch {
        resolve();
      }
    });
  const healthy = async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  };
  /** Listening with its database reachable: the health route answers 200. */
  const ready = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (proc && (proc.exitCode !== null || proc.signalCode !== null)) throw new Error(`next start exited (${proc.signalCode ?? `code ${proc.exitCode}`}); its output: ${logFile}`);
      if (await healthy()) return;
      if (Date.now() > deadline) throw new Error(`next start on port ${port}: /api/health did not answer 200 within ${timeoutMs / 1000} s; its output: ${logFile}`);
      await sleep(200);
    }
  };

  return {
    url: `http://127.0.0.1:${port}`,
    start,
    kill,
    ready,
    dispose: async () => {
      disposed = true;
      await Promise.race([kill("SIGTERM"), sleep(10_000)]);
      await kill("SIGKILL");
      log.end();
    },
  };
}
