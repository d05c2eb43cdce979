import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../tests/helpers/callers";
import { leadCreated } from "../tests/helpers/events";
import { projectAll } from "../tests/helpers/projection";
import { runScript } from "../tests/helpers/run-script";
import { createTestDb, type TestDb } from "../tests/helpers/test-db";
import { runLoopHistory } from "~/server/loop-history/loop-history-job";

// `npm run projections:rebuild`: the projection here, the time machine's history in a process of its own.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(2);
});
afterAll(async () => db?.drop());

const rebuild = (...args: string[]) => runScript("scripts/rebuild.ts", ["--fresh", ...args], { DATABASE_URL: db.url });

const count = async (table: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

describe("projections:rebuild (the script)", () => {
  it("rebuilds the open loops and, in its other process, the loop history; a failed history fails the run", async () => {
    const org = await newOrg(db.pool);
    const clock = () => new Date("2026-11-02T10:00:00Z");
    await apiCaller(db.pool, org, clock).events.appendBatch({ events: Array.from({ length: 5 }, () => leadCreated()) });
    await projectAll(db.pool, clock);
    await runLoopHistory(db.pool, { batchSize: 100 });
    const history = await count("loop_history");
    expect(history).toBeGreaterThanOrEqual(10); // each lead's loop, on both bases
    await db.pool.query("DELETE FROM loop_history");

    const ok = await rebuild();
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("[rebuild] loop history: 5 events in");
    expect(await count("loop_history")).toBe(history);
    expect(await count("open_loops")).toBe(5);

    // Another history rebuild holds its lock: the history's process fails, and so does the run.
    const other = await db.pool.connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtextextended('calm:loop-history-rebuild', 0))");
      const failed = await rebuild();
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toContain("another rebuild of the loop history is running");
      expect(failed.stderr).toContain("the loop history's rebuild failed");
    } finally {
      await other.query("SELECT pg_advisory_unlock_all()");
      other.release();
    }
  });

  it("with --skip-history rebuilds the open loops alone and leaves the loop history as it is", async () => {
    const org = await newOrg(db.pool);
    const clock = () => new Date("2026-11-02T10:00:00Z");
    await apiCaller(db.pool, org, clock).events.appendBatch({ events: Array.from({ length: 3 }, () => leadCreated()) });
    await projectAll(db.pool, clock);
    await runLoopHistory(db.pool, { batchSize: 100 });
    const loops = await count("open_loops");
    expect(await count(`loop_history WHERE org_id = '${org.orgId}'`)).toBeGreaterThanOrEqual(6);
    await db.pool.query("DELETE FROM loop_history WHERE org_id = $1", [org.orgId]);
    const history = await count("loop_history");
    await db.pool.query("DELETE FROM open_loops WHERE org_id = $1", [org.orgId]);

    const ok = await rebuild("--skip-history");
    // The live projection's catch-up before the swap met the deleted rows, and says so (and nothing else).
    expect(ok.stderr).toContain("not as the projector left them");
    expect(ok.stderr.trim().split("\n").filter((l) => !l.startsWith("[projector] "))).toEqual([]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain("loop history");
    expect(await count(`open_loops WHERE org_id = '${org.orgId}'`)).toBe(3);
    expect(await count("open_loops")).toBe(loops);
    expect(await count("loop_history")).toBe(history);

    // Vacuumed (every page all-visible, for index-only reads) and analyzed: the statistics are the
    // shadows', taken before the swap, not the planner's guesses.
    const tables = await db.pool.query<{ relname: string; pages: number; visible: number; analyzed: boolean; stats: number }>(
      `SELECT c.relname, c.relpages AS pages, c.relallvisible AS visible, c.reltuples >= 0 AS analyzed,
              (SELECT count(*)::int FROM pg_stats s WHERE s.schemaname = 'public' AND s.tablename = c.relname) AS stats
         FROM pg_class c WHERE c.relname IN ('open_loops', 'entities') AND c.relnamespace = 'public'::regnamespace ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r.relname)).toEqual(["entities", "open_loops"]);
    for (const r of tables.rows) {
      expect(r.pages).toBeGreaterThan(0);
      expect(r.visible).toBe(r.pages);
      expect(r.analyzed).toBe(true);
      expect(r.stats).toBeGreaterThan(3);
    }
  });
});
