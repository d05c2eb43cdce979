import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/**
 * A redis-server of the test's own, on a free port, that the test may kill, freeze and restart;
 * never the machine's shared one. Persistence is AOF with fsync on every write in a temporary
 * directory (so a restart keeps everything, like a production Redis configured for streams);
 * `restart({ wiped: true })` starts it on an empty directory instead (a Redis that lost its data).
 */
export async function startPrivateRedis() {
  const port = await freePort();
  const root = await mkdtemp(path.join(tmpdir(), "calm-redis-"));
  let dir = path.join(root, "data-0");
  let generation = 0;
  let proc: ChildProcess;

  const launch = async () => {
    await mkdir(dir, { recursive: true });
    proc = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir, "--daemonize", "no"],
      { stdio: "ignore" },
    );
    const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    for (let i = 0; ; i++) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch {
        if (i > 100) throw new Error(`private redis on port ${port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    probe.disconnect();
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", () => resolve());
      proc.kill("SIGKILL"); // a crash, not a clean shutdown
    });

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => proc.pid!,
    stop,
    freeze: () => void proc.kill("SIGSTOP"),
    thaw: () => void proc.kill("SIGCONT"),
    restart: async (opts: { wiped?: boolean } = {}) => {
      await stop();
      if (opts.wiped) dir = path.join(root, `data-${++generation}`);
      await launch();
    },
    dispose: async () => {
      proc.kill("SIGCONT");
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
