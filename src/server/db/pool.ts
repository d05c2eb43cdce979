import pg from "pg";
import { env } from "~/env";

// bigint columns (position) come back as JS numbers: positions stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const globalForPool = globalThis as unknown as { calmPool?: pg.Pool };

/** The process-wide pool (cached across Next's hot reloads): every query of the app goes through it. */
export function getPool(): pg.Pool {
  globalForPool.calmPool ??= createPool(env.DATABASE_URL, env.DATABASE_POOL_SIZE, { min: env.DATABASE_POOL_MIN });
  return globalForPool.calmPool;
}

/**
 * `min`: connections kept open however long the pool is idle (the others close after 30 s idle).
 * A small business is quiet for minutes between events; with every connection closed, its next
 * append, projector pass and dashboard read each opened a new one and prepared their statements
 * again on a backend with cold caches (a 10,000-event batch's projector write: planned in ~46 ms on
 * a new backend, ~2 ms on a used one). Measured here, where a connection is local and without TLS:
 * append → loop visible after a quiet spell, in-process (scratch runs), 69–120 ms p50 closed against
 * 17–35 kept; over HTTP on the open dashboard (bench:live) 95 → 83 ms. The process-wide pool keeps DATABASE_POOL_MIN;
 * scripts and tests keep none, so that a pool left open does not hold connections for good.
 */
export function createPool(connectionString: string, max = 10, opts: { min?: number; idleTimeoutMillis?: number } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    min: Math.min(max, opts.min ?? 0),
    idleTimeoutMillis: opts.idleTimeoutMillis ?? 30_000,
    // A database host that does not answer at all (dropped packets) fails a request in 10 s,
    // answered 503 (src/server/http/database-outage.ts), instead of hanging for the kernel's two
    // minutes of connect retries.
    connectionTimeoutMillis: 10_000,
    // TCP keepalives on every connection: a kept idle one is not forgotten by a NAT or firewall
    // between the app and Postgres (which would leave its next query waiting on a dead socket).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client dropped by a Postgres restart must not crash the process.
  pool.on("error", (err) => process.stderr.write(`[db] idle client error: ${err.message}\n`));
  return pool;
}
