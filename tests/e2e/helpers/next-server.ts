import { spawn } from "node:child_process";
import net from "node:net";
import { NEXT_SERVER_NODE_FLAGS, nextBin } from "../../../scripts/lib/next-build";

/** A port free right now on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type NextServer = { url: string; pid: number; output: () => string; stop: () => Promise<void> };

/**
 * Another `next start` of the build global-setup made, with its own environment (a database that
 * is down, an https public URL…), for specs that need a server configured otherwise. Ready once
 * it answers /api/health at all (200 or 503: a server whose database is down is still up).
 */
export async function startNextServer(env: Record<string, string>): Promise<NextServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NEXT_SERVER_NODE_FLAGS, nextBin(), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, REDIS_URL: "", WORKER_DISABLED: "1", ...env, PORT: String(port) },
    stdio: "pipe",
  });
  let output = "";
  const keep = (b: Buffer) => void (output = (output + b.toString()).slice(-100_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited (code ${child.exitCode}):\n${output}`);
    const status = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);
    if (status === 200 || status === 503) return { url, pid: child.pid!, output: () => output, stop };
    if (i > 200) {
      await stop();
      throw new Error(`next start did not answer /api/health within a minute:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
