import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiCaller } from "../../../../../tests/helpers/callers";
import { chunks, lifecycleEvents } from "../../../../../tests/helpers/lifecycles";
import { loopRows, projectAll, sleep, unprojectedCount } from "../../../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../../../tests/helpers/test-db";

let db: TestDb;
let POST: (req: Request) => Promise<Response>;
const globalForPool = globalThis as unknown as { calmPool?: pg.Pool };

beforeAll(async () => {
  db = await createTestDb();
  // The route reads env.DATABASE_URL through getPool(): point it at this file's database.
  process.env.DATABASE_URL = db.url;
  delete globalForPool.calmPool;
  vi.resetModules();
  ({ POST } = await import("./route"));
});
afterAll(async () => {
  await globalForPool.calmPool?.end();
  await db?.drop();
});

const SECRET = process.env.WORKER_SECRET!;
const tick = (authorization?: string) =>
  POST(new Request("http://localhost/api/worker/tick", { method: "POST", headers: authorization ? { authorization } : {} }));

type Report = { ok: boolean; jobs: { projector: { ok: boolean; result: { skipped: boolean; processed: number; caughtUp: boolean } } } };

describe("POST /api/worker/tick", () => {
  it("refuses a missing or wrong secret with 401 and runs nothing", async () => {
    await apiCaller(db.pool, { orgId: randomUUID() }).events.appendBatch({ events: lifecycleEvents("auth", 50, new Date()) });
    const before = await unprojectedCount(db.pool);
    expect(before).toBe(50);
    for (const auth of [undefined, "Bearer wrong", `Bearer ${SECRET.slice(0, -1)}x`, SECRET, `Basic ${SECRET}`, `Bearer ${SECRET}${SECRET}`]) {
      const res = await tick(auth);
      expect(res.status, String(auth)).toBe(401);
      expect(await res.json()).toEqual({ error: "UNAUTHORIZED" });
    }
    expect(await unprojectedCount(db.pool)).toBe(before);
  });

  it("with the secret runs a worker pass and answers 200 with the JSON report", async () => {
    await projectAll(db.pool, () => new Date()); // the previous test's events, out of the way
    const orgId = randomUUID();
    await apiCaller(db.pool, { orgId }).events.appendBatch({ events: lifecycleEvents("tick", 120, new Date()) });
    // Passes until the log is projected: one, unless a transaction elsewhere on the server holds
    // the horizon back for a moment. Their counts add up to exactly the 120 events.
    let processed = 0;
    for (let pass = 0; pass === 0 || (await unprojectedCount(db.pool)) > 0; pass++) {
      if (pass > 0) await sleep(100);
      const res = await tick(`Bearer ${SECRET}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Report;
      expect(body).toMatchObject({ ok: true, jobs: { projector: { ok: true, result: { skipped: false, caughtUp: true } } } });
      processed += body.jobs.projector.result.processed;
      expect(pass).toBeLessThan(100);
    }
    expect(processed).toBe(120);
    expect((await loopRows(db.pool, { orgId })).length).toBeGreaterThan(0);
  });

  it("two POSTs at once against a backlog: one pass does the work, the other's projector is skipped", async () => {
    const api = apiCaller(db.pool, { orgId: randomUUID() });
    for (const batch of chunks(lifecycleEvents("two-posts", 3000, new Date()), 500)) await api.events.appendBatch({ events: batch });
    const reports = await Promise.all([tick(`Bearer ${SECRET}`), tick(`Bearer ${SECRET}`)]).then((rs) =>
      Promise.all(rs.map(async (r) => ({ status: r.status, body: (await r.json()) as Report }))),
    );
    expect(reports.map((r) => r.status)).toEqual([200, 200]);
    const results = reports.map((r) => r.body.jobs.projector.result);
    expect(results.filter((r) => r.skipped)).toEqual([expect.objectContaining({ processed: 0 })]);
    const winner = results.find((r) => !r.skipped)!;
    // A transaction elsewhere on the server may hold the horizon back; a later pass finishes.
    expect(winner.processed + (await projectAll(db.pool, () => new Date()))).toBe(3000);
  });
});
