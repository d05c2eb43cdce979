// Append → loop visible in loops.list, with the in-process scheduler's after-append trigger; and
// loops.list's own server-side time on a big org.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Caller } from "../../src/server/auth/credentials";
import { loopId } from "../../src/domain/loops";
import { type ListQuery, listLoops } from "../../src/server/loops/list-loops";
import { createInnerContext } from "../../src/server/trpc/context";
import { createCaller } from "../../src/server/trpc/root";
import { buildWorkerJobs } from "../../src/server/worker/jobs";
import { databaseKey } from "../../src/server/signals/publish";
import { startScheduler } from "../../src/server/worker/scheduler";
import { wakeOnAppends } from "../../src/server/worker/wake";

const ACTOR = { id: "0190b000-0000-7000-8000-0000000000c1", type: "system" as const }; // an API key may not name a user (issue 8)

export function apiCallerFor(pool: pg.Pool, orgId: string) {
  const caller: Caller = { kind: "apiKey", orgId, keyId: "0190b000-0000-7000-8000-0000000000c2" };
  return createCaller(createInnerContext({ caller, db: pool }));
}

export type Latencies = { appendMs: number[]; visibleMs: number[] };

/**
 * `samples` times: append a lead_created through the tRPC caller, then poll loops.list until its
 * new_lead loop is listed. The scheduler (started here as the server starts it) runs a projector
 * pass on the after-append signal; its periodic run is set far apart so it does not help.
 */
export async function appendToVisible(pool: pg.Pool, samples: number): Promise<Latencies> {
  const orgId = randomUUID();
  const api = apiCallerFor(pool, orgId);
  const jobs = buildWorkerJobs({ pool, clock: () => new Date() }).filter((j) => j.name === "projector");
  const scheduler = startScheduler(jobs, { intervalSeconds: 59, wake: wakeOnAppends(databaseKey(pool)) });
  const out: Latencies = { appendMs: [], visibleMs: [] };
  try {
    await scheduler.runNow(); // the pass the server runs at start-up
    for (let i = 0; i < samples; i++) {
      const id = randomUUID();
      // Each lead a minute earlier than the last: its loop comes first in the list (by due_at).
      const occurred_at = new Date(Date.now() - (i + 1) * 60_000).toISOString();
      const t0 = performance.now();
      await api.events.append({
        id,
        event_type: "lead_created",
        occurred_at,
        actor: ACTOR,
        primary_entity: { id: randomUUID(), type: "deal" },
        payload: { name: `Latency lead ${i}` },
      });
      out.appendMs.push(performance.now() - t0);
      const want = loopId(id, "new_lead");
      for (;;) {
        const page = await api.loops.list({ limit: 5 });
        if (page.items.some((l) => l.id === want)) break;
        if (performance.now() - t0 > 30_000) throw new Error(`loop of sample ${i} not visible after 30 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      out.visibleMs.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
    }
  } finally {
    scheduler.stop();
  }
  return out;
}

/** Server-side time of `runs` listLoops calls (in-process, first page). */
export async function listTimes(pool: pg.Pool, orgId: string, q: Partial<ListQuery>, runs: number): Promise<number[]> {
  const query: ListQuery = { status: "active", limit: 50, ...q };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const page = await listLoops(pool, orgId, query, new Date());
    times.push(performance.now() - t0);
    if (page.items.length === 0) throw new Error(`loops.list ${JSON.stringify(q)} returned nothing`);
  }
  return times;
}

/** Baseline for listing: the same first page read by id alone from the list index (no join, no filter). */
export async function rawListTimes(pool: pg.Pool, orgId: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await pool.query("SELECT id FROM open_loops WHERE org_id = $1 AND status = 'active' ORDER BY due_at, id LIMIT 51", [orgId]);
    times.push(performance.now() - t0);
  }
  return times;
}
