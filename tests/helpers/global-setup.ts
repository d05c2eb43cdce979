import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { MIGRATIONS_DIR, applyMigrations } from "../../src/server/db/migrate/apply-migrations";
import { ADMIN_DATABASE_URL, databaseUrl } from "./services";

/**
 * Migrates one template database per migration set (named by its hash); each test file then
 * clones it (CREATE DATABASE … TEMPLATE), which is far faster than migrating per file.
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const hash = await migrationsHash();
  const name = `calm_tpl_${hash}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock(hashtext('calm_test_template'))");
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}_tmp"`).catch(async () => {
        await admin.query(`DROP DATABASE "${name}_tmp"`);
        await admin.query(`CREATE DATABASE "${name}_tmp"`);
      });
      await applyMigrations(databaseUrl(`${name}_tmp`));
      await admin.query(`ALTER DATABASE "${name}_tmp" RENAME TO "${name}"`);
    }
    await dropStale(admin);
  } finally {
    await admin.end();
  }
  provide("templateDatabase", name);
}

async function migrationsHash(): Promise<string> {
  const h = createHash("sha256");
  for (const d of (await readdir(MIGRATIONS_DIR)).sort()) {
    if (d.endsWith(".toml")) continue;
    h.update(d).update(await readFile(path.join(MIGRATIONS_DIR, d, "migration.sql")));
  }
  return h.digest("hex").slice(0, 12);
}

/** Test databases left behind by killed runs (older than an hour). */
async function dropStale(admin: pg.Client) {
  const stale = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'calm_t\\_%'
       AND (pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification < now() - interval '1 hour'`,
  ).catch(() => ({ rows: [] as { datname: string }[] }));
  for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
}
