import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../../src/server/db/migrate/apply-migrations";

/** The local Postgres the bench creates its own database on (BENCH_ADMIN_URL overrides). */
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type BenchDb = { name: string; url: string; pool: pg.Pool; drop: () => Promise<void> };

/** A fresh, migrated database that `drop` removes again (forcing out the server's connections). */
export async function createBenchDb(poolSize: number): Promise<BenchDb> {
  const name = `calm_bench_${randomBytes(5).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  try {
    await applyMigrations(url);
  } catch (e) {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw e;
  }
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Connections still closing when `drop` forces the database away report an error: expected.
  pool.on("error", () => undefined);
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end().catch(() => undefined);
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
