import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "../../../../tests/helpers/services";
import { adminQuery } from "../../../../tests/helpers/test-db";
import { MIGRATIONS_DIR, applyMigrations } from "./apply-migrations";

// A truly empty database (not a clone of the migrated template).
const name = `calm_t_empty_${randomBytes(5).toString("hex")}`;
const url = databaseUrl(name);
let all: string[];
let firstRun: string[];
let secondRun: string[];

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${name}"`);
  all = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  firstRun = await applyMigrations(url);
  secondRun = await applyMigrations(url);
});
afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("applyMigrations", () => {
  it("applies every migration to an empty database, then nothing the second time", async () => {
    expect(all).toContain("20261126000000_init");
    expect(firstRun).toEqual(all);
    expect(secondRun).toEqual([]);

    const recorded = await query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1",
    );
    expect(recorded.map((r) => r.migration_name)).toEqual(all);
  });

  it("leaves the tables, the append-only triggers and the version index in place", async () => {
    const tables = await query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.map((r) => r.t)).toEqual(
      expect.arrayContaining(["api_keys", "entities", "open_loops", "orgs", "subscription_checkpoints", "system_events", "users"]),
    );
    const triggers = await query<{ n: string }>(
      "SELECT tgname AS n FROM pg_trigger WHERE tgrelid = 'system_events'::regclass AND NOT tgisinternal ORDER BY 1",
    );
    expect(triggers.map((r) => r.n)).toEqual(["system_events_no_truncate", "system_events_no_update_delete"]);
    const idx = await query<{ def: string }>(
      "SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'system_events_entity_version_key'",
    );
    expect(idx[0]?.def).toMatch(/UNIQUE INDEX .*\(org_id, primary_entity_type, primary_entity_id, entity_version\)/);
    const cols = await query<{ c: string; t: string }>(
      "SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 'system_events' AND column_name IN ('tx_id', 'position')",
    );
    expect(Object.fromEntries(cols.map((r) => [r.c, r.t]))).toEqual({ tx_id: "xid8", position: "bigint" });
  });
});
