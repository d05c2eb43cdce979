import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "../../../tests/helpers/services";
import { adminQuery } from "../../../tests/helpers/test-db";
import { MIGRATIONS_DIR, applyMigrations } from "../db/migrate/apply-migrations";

// The loop_counts migration on a database that already has loops (and a rebuild under way): it
// counts them. The migrations before it are applied first (from a copy of them), loops
// written, then the rest applied.
const MIGRATION = "20261203020000_loop_counts";
const name = `calm_t_counts_${randomBytes(5).toString("hex")}`;
const url = databaseUrl(name);
let before: string;
let client: pg.Client;

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${name}"`);
  before = await mkdtemp(path.join(tmpdir(), "calm-migrations-"));
  for (const d of await readdir(MIGRATIONS_DIR, { withFileTypes: true })) {
    if (d.name === "migration_lock.toml" || (d.isDirectory() && d.name < MIGRATION)) {
      await cp(path.join(MIGRATIONS_DIR, d.name), path.join(before, d.name), { recursive: true });
    }
  }
  client = new pg.Client({ connectionString: url });
  await client.connect();
}, 60_000);
afterAll(async () => {
  await client?.end();
  await rm(before, { recursive: true, force: true });
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

/** Loops of three orgs, every type, severity and status mixed, some snoozed. */
const LOOPS = (table: string, count: number) => `
  INSERT INTO ${table} (id, org_id, type, entity_type, entity_id, due_at, severity, suggested_action, status, opened_by_event_id, snoozed_until)
  SELECT gen_random_uuid(), (ARRAY['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b',
                                   '00000000-0000-4000-8000-00000000000c'])[1 + i % 3]::uuid,
         (ARRAY['new_lead', 'quote_needed', 'decision_pending', 'invoice_overdue', 'followup_due'])[1 + (i / 3) % 5],
         'deal', gen_random_uuid(), now(), (ARRAY['high', 'medium'])[1 + (i / 7) % 2], 'call',
         (ARRAY['active', 'active', 'active', 'dismissed', 'resolved'])[1 + (i / 11) % 5], gen_random_uuid(),
         CASE WHEN i % 13 = 0 THEN now() + interval '1 day' END
    FROM generate_series(1, ${count}) AS i`;

const counts = async (sql: string) =>
  (await client.query<{ k: string; n: number }>(`SELECT org_id || '/' || type || '/' || severity AS k, n::int AS n FROM (${sql}) AS c ORDER BY 1`)).rows;

describe(`migration ${MIGRATION}`, () => {
  it("counts the active loops already there, the live table's and the rebuild shadow's", async () => {
    const first = await applyMigrations(url, before);
    expect(first).not.toContain(MIGRATION);
    await client.query(LOOPS("open_loops", 5000));
    await client.query(LOOPS("open_loops_rebuild", 700));

    expect(await applyMigrations(url)).toEqual([MIGRATION, ...(await laterThan(MIGRATION))]);

    for (const [counted, loops] of [["loop_counts", "open_loops"], ["loop_counts_rebuild", "open_loops_rebuild"]] as const) {
      const kept = await counts(`SELECT org_id, type, severity, n FROM ${counted}`);
      const oracle = await counts(`SELECT org_id, type, severity, count(*) AS n FROM ${loops} WHERE status = 'active' GROUP BY 1, 2, 3`);
      expect(kept).toEqual(oracle);
      expect(kept.length).toBe(3 * 5 * 2);
    }
    // The shadow's primary key bears the name the rebuild's swap renames to the live one's.
    const pk = await client.query<{ t: string; c: string }>(
      `SELECT conrelid::regclass::text AS t, conname AS c FROM pg_constraint
        WHERE conrelid IN ('loop_counts'::regclass, 'loop_counts_rebuild'::regclass) AND contype = 'p' ORDER BY 1`,
    );
    expect(pk.rows).toEqual([
      { t: "loop_counts", c: "loop_counts_pkey" },
      { t: "loop_counts_rebuild", c: "loop_counts_pkey_rebuilt" },
    ]);
  }, 120_000);
});

async function laterThan(migration: string): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name > migration).map((d) => d.name).sort();
}
