import { existsSync, readdirSync } from "node:fs";
import { chmod, chown, mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { freePort, run, until } from "./util";

/** The newest PostgreSQL server binaries of the machine (Debian layout), or DRILL_PG_BIN. */
function pgBin(): string {
  if (process.env.DRILL_PG_BIN) return process.env.DRILL_PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin/initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (set DRILL_PG_BIN)");
  return path.join(root, newest, "bin");
}

/**
 * A private PostgreSQL cluster in `dir`, on a free loopback port, that the drill may crash and
 * restart. Postgres refuses to run as root: as root, its commands run as the `postgres` user.
 */
export async function startPrivatePostgres(dir: string) {
  const bin = pgBin();
  const port = await freePort();
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  await mkdir(dir, { recursive: true });
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    await chmod(path.dirname(dir), 0o711); // mkdtemp's 0700 would keep the postgres user out
    await chown(dir, uid, gid);
  }
  const pgRun = (cmd: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  // --no-sync only for initdb itself; the server runs with Postgres's durable defaults.
  await pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
  let disposed = false;
  const start = async () => {
    if (disposed) throw new Error("the drill is stopping: Postgres stays down");
    await pgRun("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "postgres.log"), "-w", "-t", "60", "start"]);
    await until("the private Postgres accepting connections", 30_000, async () => {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      try {
        await c.connect();
        await c.query("SELECT 1");
        return true;
      } finally {
        await c.end().catch(() => undefined);
      }
    });
  };
  /** `immediate`: the server processes quit at once, as in a crash; recovery replays the WAL on start. */
  const stop = (mode: "immediate" | "fast" = "immediate") => pgRun("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await start();
  return {
    url,
    port,
    start,
    stop,
    dispose: () => {
      disposed = true;
      return stop().catch(() => undefined);
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await run("id", [flag, "postgres"])).trim());
  try {
    return { uid: await id("-u"), gid: await id("-g") };
  } catch {
    throw new Error("running as root, and there is no `postgres` user to run the private cluster as");
  }
}
