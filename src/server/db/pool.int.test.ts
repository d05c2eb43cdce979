import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDb, createTestDb } from "../../../tests/helpers/test-db";
import { createPool } from "./pool";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(1);
});
afterAll(async () => {
  await db.drop();
});

const IDLE_MS = 100;

/** Holds `n` connections at once (as a burst does), notes their backends, and gives them back. */
async function burst(pool: pg.Pool, n: number): Promise<Set<number>> {
  const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
  const pids = await Promise.all(clients.map(async (c) => (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid));
  for (const c of clients) c.release();
  return new Set(pids);
}

const quietSpell = () => new Promise((r) => setTimeout(r, IDLE_MS * 5));

describe("the pool through a quiet spell", () => {
  it("keeps `min` connections open, and the next queries run on them (no new backend)", async () => {
    const pool = createPool(db.url, 5, { min: 2, idleTimeoutMillis: IDLE_MS });
    try {
      const backends = await burst(pool, 5);
      await quietSpell();
      expect(pool.totalCount).toBe(2);
      const after = await burst(pool, 2);
      expect([...after].every((pid) => backends.has(pid))).toBe(true);
      // Postgres sees them too: the other three backends ended.
      const open = await db.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid = ANY($1::int[])",
        [[...backends]],
      );
      expect(open.rows[0]!.n).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it("closes every idle connection without `min` (scripts and tests), and caps `min` at the pool's size", async () => {
    const none = createPool(db.url, 3, { idleTimeoutMillis: IDLE_MS });
    const capped = createPool(db.url, 2, { min: 4, idleTimeoutMillis: IDLE_MS });
    try {
      await Promise.all([burst(none, 3), burst(capped, 2)]);
      await quietSpell();
      expect(none.totalCount).toBe(0);
      expect(capped.totalCount).toBe(2);
    } finally {
      await Promise.all([none.end(), capped.end()]);
    }
  });

  it("replaces a kept connection that Postgres ended (a restart) instead of failing the next query", async () => {
    const pool = createPool(db.url, 3, { min: 1, idleTimeoutMillis: IDLE_MS });
    const errors: string[] = [];
    const stderr = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    try {
      const [kept] = [...(await burst(pool, 1))];
      await db.pool.query("SELECT pg_terminate_backend($1)", [kept]);
      await new Promise((r) => setTimeout(r, 200));
      const res = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      expect(res.rows[0]!.pid).not.toBe(kept);
      expect(errors.join("")).toContain("[db] idle client error");
    } finally {
      process.stderr.write = stderr;
      await pool.end();
    }
  });
});
