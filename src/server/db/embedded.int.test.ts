import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg } from "../../../tests/helpers/callers";
import { leadCreated, noteOn } from "../../../tests/helpers/events";
import { appendEvents } from "../events/append";
import { EmbeddedPostgresBusyError, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate/apply-migrations";
import { createPool } from "./pool";

// What `npm start` runs on when DATABASE_URL is unset: PGlite behind pglite-socket.
let dir: string;
let running: EmbeddedPostgres | undefined;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "calm-embedded-"));
});
afterAll(async () => {
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the embedded Postgres", () => {
  it("takes the migrations, the append path, xid8 snapshots and advisory locks, and keeps data across restarts", { timeout: 180_000 }, async () => {
    const dataDir = path.join(dir, "pglite");
    running = await startEmbeddedPostgres({ dataDir, port: 0 });
    expect(await applyMigrations(running.url)).toContain("20261126000000_init");

    const pool = createPool(running.url, 5);
    const org = await newOrg(pool);
    const [first] = await appendEvents(pool, { orgId: org.orgId }, [leadCreated()]);
    expect(first?.event.position).toBeGreaterThan(0);
    // Concurrent appends from several pooled connections: the socket server keeps each transaction whole.
    const deal = first!.event.primary_entity;
    await Promise.all(Array.from({ length: 8 }, (_, i) => appendEvents(pool, { orgId: org.orgId }, [noteOn(deal, `n${i}`)])));
    const versions = await pool.query<{ v: number }>(
      "SELECT entity_version AS v FROM system_events WHERE primary_entity_id = $1 ORDER BY 1",
      [deal.id],
    );
    expect(versions.rows.map((r) => r.v)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const snap = await pool.query<{ tx: string; xmin: string }>(
      "SELECT max(tx_id)::text AS tx, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin FROM system_events",
    );
    expect(BigInt(snap.rows[0]!.tx)).toBeLessThan(BigInt(snap.rows[0]!.xmin));
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const lock = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(4242) AS ok");
      expect(lock.rows[0]?.ok).toBe(true);
      await client.query("COMMIT");
    } finally {
      client.release();
    }

    // A second server on the same directory is refused, whatever its port.
    await expect(startEmbeddedPostgres({ dataDir, port: 0 })).rejects.toBeInstanceOf(EmbeddedPostgresBusyError);
    // …and so is a second server on the same port.
    await expect(startEmbeddedPostgres({ dataDir: path.join(dir, "other"), port: running.port })).rejects.toThrow(
      /already in use/,
    );

    await pool.end();
    await running.stop();
    running = await startEmbeddedPostgres({ dataDir, port: 0 });
    expect(await applyMigrations(running.url)).toEqual([]);
    const again = createPool(running.url, 2);
    try {
      const count = await again.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events WHERE org_id = $1", [org.orgId]);
      expect(count.rows[0]?.n).toBe(9);
    } finally {
      await again.end();
    }
  });
});
