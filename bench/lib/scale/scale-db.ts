// One kept database per size (calm_bench_scale_100k, _1m, _10m) so a 10 M log is generated and
// projected once, then measured as often as needed; `fresh` starts a size over.
import pg from "pg";
import { applyMigrations } from "../../../src/server/db/migrate/apply-migrations";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const sizeLabel = (n: number) =>
  n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);

export const dbNameFor = (n: number) => `calm_bench_scale_${sizeLabel(n)}`;

export function urlOf(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await c.query<T>(sql, params);
  } finally {
    await c.end();
  }
}

export async function dbExists(name: string): Promise<boolean> {
  return (await admin("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
}

export async function dropDb(name: string) {
  if (!name.startsWith("calm_bench_")) throw new Error(`refusing to drop ${name}: not a bench database`);
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** A database named `name` (created when missing), migrated to the current migrations, with the bench's meta table. */
export async function ensureDb(name: string): Promise<string> {
  if (!name.startsWith("calm_bench_")) throw new Error(`${name}: bench databases are named calm_bench_*`);
  const url = urlOf(name);
  if (!(await dbExists(name))) await admin(`CREATE DATABASE "${name}"`);
  // Every run: a kept database follows the migrations the code under test expects.
  await applyMigrations(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("CREATE TABLE IF NOT EXISTS bench_scale_meta (key text PRIMARY KEY, value jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())");
  } finally {
    await c.end();
  }
  return url;
}

/** A step's stored result (the log's identity, the projection's rebuild figures…), or null. */
export async function readMeta<T>(pool: pg.Pool, key: string): Promise<T | null> {
  const r = await pool.query<{ value: T }>("SELECT value FROM bench_scale_meta WHERE key = $1", [key]);
  return r.rows[0]?.value ?? null;
}

export async function writeMeta(pool: pg.Pool, key: string, value: unknown) {
  await pool.query(
    "INSERT INTO bench_scale_meta (key, value, at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, at = now()",
    [key, JSON.stringify(value)],
  );
}
