import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./next-server";

const run = promisify(execFile);

/** A throwaway Postgres cluster on loopback, for tests that stop and start it (never the shared one). */
export type PrivatePostgres = { url: (db?: string) => string; stop: () => Promise<void>; start: () => Promise<void>; remove: () => Promise<void> };

/** The newest installed Postgres server binaries (Debian's layout: /usr/lib/postgresql/<major>/bin). */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin/initdb"))) : [];
  if (majors.length === 0) throw new Error(`no Postgres server binaries under ${root} (initdb, pg_ctl): install postgresql to run this test`);
  return path.join(root, majors.sort((a, b) => Number(b) - Number(a))[0]!, "bin");
}

/** initdb and pg_ctl refuse to run as root: as root, run them as the postgres user. */
async function asPostgres(cmd: string, args: string[]): Promise<void> {
  const root = process.getuid?.() === 0;
  await run(root ? "runuser" : cmd, root ? ["-u", "postgres", "--", cmd, ...args] : args, { timeout: 60_000 });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), "calm-pg-"));
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  await asPostgres(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = () => asPostgres(path.join(bin, "pg_ctl"), ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "start"]);
  const stop = () => asPostgres(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
  await start();
  return {
    url: (db = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${db}`,
    start,
    stop,
    remove: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
