import { mkdir, open, readFile, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { groupQueriesPerConnection } from "./pglite-message-groups";

export type EmbeddedPostgres = { url: string; port: number; stop: () => Promise<void> };

/** Thrown when another process already serves (or holds) the embedded database. */
export class EmbeddedPostgresBusyError extends Error {}

/** Enough for the Next server's pool and a worker's; PGlite runs one query at a time anyway. */
export const EMBEDDED_MAX_CONNECTIONS = 16;

/**
 * PGlite (Postgres compiled to WebAssembly) on `dataDir`, served over the Postgres wire protocol
 * on 127.0.0.1:`port`, so the app, Prisma's schema engine and psql all reach it like any server.
 * PGlite has one backend: the socket server multiplexes connections and keeps a transaction's
 * statements together.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number }): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  await assertPortFree(opts.port);
  // Two processes opening one PGlite directory would corrupt it, whatever port each serves on.
  const releaseLock = await lockDataDir(dataDir);
  let db: PGlite | undefined;
  try {
    await mkdir(dataDir, { recursive: true });
    // pg_trgm: entities.search's trigram index (migration 20261202000000) needs its contrib module loaded.
    const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    db = pglite;
    const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: opts.port, maxConnections: EMBEDDED_MAX_CONNECTIONS });
    groupQueriesPerConnection(server);
    await server.start().catch((e: unknown) => {
      throw isAddrInUse(e) ? busyPort(opts.port) : e;
    });
    const port = Number(server.getServerConn().split(":").pop());
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await server.stop();
        await pglite.close(); // checkpoints: the next start needs no recovery
        await releaseLock();
      })());
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, stop };
  } catch (e) {
    await db?.close().catch(() => undefined);
    await releaseLock();
    throw e;
  }
}

/** Fails fast with a clear message instead of PGlite opening the directory a second time. */
async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (e) => reject(isAddrInUse(e) ? busyPort(port) : e));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(lockPath, "wx");
      await file.writeFile(String(process.pid));
      await file.close();
      return () => rm(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(await readFile(lockPath, "utf8").catch(() => ""));
      if (pid && isAlive(pid)) {
        throw new EmbeddedPostgresBusyError(
          `The embedded database ${dataDir} is in use by process ${pid} (another \`npm start\`?). Stop it first.`,
        );
      }
      await rm(lockPath, { force: true }); // left by a process that died
    }
  }
  throw new EmbeddedPostgresBusyError(`Could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isAddrInUse(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE";
}

function busyPort(port: number): EmbeddedPostgresBusyError {
  return new EmbeddedPostgresBusyError(
    `Port ${port} is already in use: is another \`npm start\` running? Stop it, or set DATABASE_URL in .env to use your own Postgres.`,
  );
}
