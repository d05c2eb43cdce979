import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leadCreated } from "../../../tests/helpers/events";
import { loopRows, projectAll, replayedLoopRows, sleep } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import type { SystemEventInput } from "~/domain/events";
import { appendEvents } from "../events/append";
import { runProjector } from "../projector/open-loops-projector";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");
const clock = () => NOW;

/** The reader docs/architecture.md ("The event log") warns about: `position > last`, nothing else. */
class NaiveSubscriber {
  last = 0;
  readonly seen: string[] = [];
  async poll(db: pg.Pool): Promise<void> {
    const res = await db.query<{ id: string; position: number }>(
      "SELECT id, position FROM system_events WHERE position > $1 ORDER BY position",
      [this.last],
    );
    for (const r of res.rows) {
      this.seen.push(r.id);
      this.last = r.position;
    }
  }
}

/** Inserts an event as appendEvents would, in a transaction left open on its own connection. */
async function openWriter(url: string, orgId: string, e: SystemEventInput): Promise<{ client: pg.Client; position: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  const res = await client.query<{ position: string }>(
    `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                primary_entity_type, payload, entity_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING position`,
    [e.id, orgId, e.event_type, e.occurred_at, e.actor!.id, e.actor!.type, e.primary_entity.id, e.primary_entity.type, e.payload],
  );
  return { client, position: Number(res.rows[0]!.position) };
}

describe("a transaction that commits after a later-numbered one", () => {
  it("is skipped by a naive `position > last` reader and processed by runProjector", async () => {
    const orgId = randomUUID();
    const early = leadCreated({ payload: { name: "Early" } });
    const late = leadCreated({ payload: { name: "Late" } });

    const slow = await openWriter(db.url, orgId, early);
    const [fast] = await appendEvents(db.pool, { orgId }, [late]);
    expect(fast!.event.position).toBeGreaterThan(slow.position);

    // Both readers look while the early writer is still open: only the later event is visible.
    const naive = new NaiveSubscriber();
    await naive.poll(db.pool);
    expect(naive.seen).toEqual([late.id]);
    const during = await runProjector(db.pool, clock);
    expect(during.processed).toBe(0); // the projector waits at the horizon instead of passing it

    await sleep(2000);
    await slow.client.query("COMMIT");
    await slow.client.end();

    await naive.poll(db.pool);
    expect(naive.seen).toEqual([late.id]); // the early event is lost for good
    expect(await projectAll(db.pool, clock)).toBe(2);
    const rows = await loopRows(db.pool, { orgId });
    expect(rows.map((r) => r.opened_by_event_id).sort()).toEqual([early.id, late.id].sort());
    expect(rows).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
  });

  it("ten writers committing in reverse order: the naive reader keeps one, the projector all ten once", async () => {
    const orgId = randomUUID();
    const events = Array.from({ length: 10 }, (_, i) => leadCreated({ payload: { name: `Lead ${i}` } }));
    const writers = [];
    for (const e of events) writers.push(await openWriter(db.url, orgId, e));
    const naive = new NaiveSubscriber();
    naive.last = writers[0]!.position - 1;
    for (const w of [...writers].reverse()) {
      await w.client.query("COMMIT");
      await w.client.end();
      await naive.poll(db.pool);
      await runProjector(db.pool, clock);
    }
    expect(naive.seen).toEqual([events.at(-1)!.id]);
    await projectAll(db.pool, clock);
    const rows = await loopRows(db.pool, { orgId });
    expect(rows.map((r) => r.opened_by_event_id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(rows).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
    const versions = await db.pool.query<{ version: number }>("SELECT version FROM entities WHERE org_id = $1", [orgId]);
    expect(versions.rows.map((r) => r.version)).toEqual(Array(10).fill(1));
  });
});
