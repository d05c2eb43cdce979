import { type ChildProcess, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { Redis } from "ioredis";
import { freePort, until } from "./util";

/**
 * A private redis-server on a free loopback port, configured as the README recommends for the
 * stream in production: AOF on, fsync every second. The drill kills it with SIGKILL (a crash, so
 * up to the last second of writes may be lost) and starts it again on the same directory.
 */
export async function startPrivateRedis(dir: string) {
  const port = await freePort();
  await mkdir(dir, { recursive: true });
  let proc: ChildProcess | undefined;
  let disposed = false;

  const start = async () => {
    if (disposed) throw new Error("the drill is stopping: Redis stays down");
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec"];
    proc = spawn("redis-server", [...args, "--dir", dir, "--daemonize", "no"], { stdio: "ignore" });
    await until("the private Redis answering PING", 20_000, async () => {
      const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === "PONG";
      } finally {
        probe.disconnect();
      }
    }, 50);
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once("exit", () => resolve());
      p.kill("SIGKILL");
    });

  await start();
  const dispose = () => {
    disposed = true;
    return kill();
  };
  return { url: `redis://127.0.0.1:${port}`, port, start, kill, dispose };
}
