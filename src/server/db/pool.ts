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
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000 });
  // An idle client dropped by a Postgres restart must not crash the process.
  pool.on("error", (err) => process.stderr.write(`[db] idle client error: ${err.message}\n`));
  return pool;
}
