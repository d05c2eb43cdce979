import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiCaller } from "../../../../../tests/helpers/callers";
import { leadCreated } from "../../../../../tests/helpers/events";
import { chunks, lifecycleEvents } from "../../../../../tests/helpers/lifecycles";
import { loopRows, projectAll, unprojectedCount } from "../../../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../../../tests/helpers/test-db";
import { projectorJob } from "~/server/projector/projector-job";
import { START } from "~/server/subscriptions/checkpoint";
import { workerTick } from "~/server/worker/tick";

let db: TestDb;
let POST: (req: Request) => Promise<Response>;
const globalForPool = globalThis as unknown as { calmPool?: pg.Pool };

beforeAll(async () => {
  db = await createTestDb();
  // The route reads env.DATABASE_URL through getPool(): point it at this file's database.
  vi.stubEnv("DATABASE_URL", db.url);
  delete globalForPool.calmPool;
  vi.resetModules();
  ({ POST } = await import("./route"));
});
afterAll(async () => {
  // Leave the environment and modules as found (vitest runs this file with modules of its own:
  // tests/helpers/own-modules.ts; restoring keeps it harmless wherever it runs).
  await globalForPool.calmPool?.end();
  delete globalForPool.calmPool;
  vi.unstubAllEnvs();
  vi.resetModules();
  await db?.drop();
});

const SECRET = process.env.WORKER_SECRET!;
const tick = (authorization?: string) =>
  POST(new Request("http://localhost/api/worker/tick", { method: "POST", headers: authorization ? { authorization } : {} }));

type Report = { ok: boolean; caughtUp: boolean; processed: { projector: number }; jobs: { projector: { ok: boolean } } };

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

  it("with the secret waits until the events committed before the call are processed, then answers 200 with what it did", async () => {
    await projectAll(db.pool, () => new Date()); // the previous test's events, out of the way
    const orgId = randomUUID();
    await apiCaller(db.pool, { orgId }).events.appendBatch({ events: lifecycleEvents("tick", 120, new Date()) });
    const res = await tick(`Bearer ${SECRET}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Report;
    expect(body).toMatchObject({ ok: true, caughtUp: true, processed: { projector: 120 }, jobs: { projector: { ok: true } } });
    expect(await unprojectedCount(db.pool)).toBe(0);
    expect((await loopRows(db.pool, { orgId })).length).toBeGreaterThan(0);
  });

  it("two POSTs at once against a backlog: both answer 200 once it is all processed, each event processed once", async () => {
    const api = apiCaller(db.pool, { orgId: randomUUID() });
    for (const batch of chunks(lifecycleEvents("two-posts", 3000, new Date()), 500)) await api.events.appendBatch({ events: batch });
    const reports = await Promise.all([tick(`Bearer ${SECRET}`), tick(`Bearer ${SECRET}`)]).then((rs) =>
      Promise.all(rs.map(async (r) => ({ status: r.status, body: (await r.json()) as Report }))),
    );
    expect(reports.map((r) => r.status)).toEqual([200, 200]);
    expect(reports.every((r) => r.body.caughtUp)).toBe(true);
    expect(reports[0]!.body.processed.projector + reports[1]!.body.processed.projector).toBe(3000);
    expect(await unprojectedCount(db.pool)).toBe(0);
  });
});

describe("workerTick's other answers", () => {
  const jobs = () => [projectorJob(db.pool, () => new Date())];

  it("behind a write transaction of this database: 202 after the bound, naming the jobs behind and the transaction", async () => {
    await projectAll(db.pool, () => new Date());
    const held = new pg.Client({ connectionString: db.url });
    await held.connect();
    try {
      await held.query("BEGIN");
      const { pid } = (await held.query<{ pid: number }>("SELECT pg_current_xact_id(), pg_backend_pid() AS pid")).rows[0]!;
      await apiCaller(db.pool, { orgId: randomUUID() }).events.append(leadCreated());
      const res = await workerTick(`Bearer ${SECRET}`, { pool: db.pool, jobs: jobs(), waitMs: 300 });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ ok: true, caughtUp: false, behind: ["projector"], blocker: { pid, database: db.name } });
      expect((res.body as { blocker: { ageSeconds: number } }).blocker.ageSeconds).toBeGreaterThanOrEqual(0);
    } finally {
      await held.query("COMMIT");
      await held.end();
    }
    expect((await workerTick(`Bearer ${SECRET}`, { pool: db.pool, jobs: jobs() })).status).toBe(200);
  });

  it("a job that fails: 503 with Retry-After and its error, without waiting for the bound", async () => {
    const relay = { name: "relay", run: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379")), position: async () => START };
    await apiCaller(db.pool, { orgId: randomUUID() }).events.append(leadCreated());
    const res = await workerTick(`Bearer ${SECRET}`, { pool: db.pool, jobs: [...jobs(), relay], waitMs: 60_000 });
    expect(res.status).toBe(503);
    expect(res.headers).toMatchObject({ "Retry-After": "5" });
    expect(res.body).toMatchObject({ ok: false, caughtUp: false, behind: ["relay"], failed: { relay: expect.stringContaining("ECONNREFUSED") } });
  });
});
