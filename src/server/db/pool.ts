import pg from "pg";
import { env } from "~/env";

// bigint columns (position) come back as JS numbers: positions stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const globalForPool = globalThis as unknown as { calmPool?: pg.Pool };

/** The process-wide pool (cached across Next's hot reloads): every query of the app goes through it. */
export function getPool(): pg.Pool {
  globalForPool.calmPool ??= createPool(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
  return globalForPool.calmPool;
}

export function createPool(connectionString: string, max = 10): pg.Pool {
  // connectionTimeoutMillis: a database host that does not answer at all (dropped packets) fails a
  // request in 10 s, answered 503 (src/server/http/database-outage.ts), instead of hanging for the
  // kernel's two minutes of connect retries.
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  // An idle client dropped by a Postgres restart must not crash the process.
  pool.on("error", (err) => process.stderr.write(`[db] idle client error: ${err.message}\n`));
  return pool;
}
