import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventOf, leadCreated } from "../../../tests/helpers/events";
import { loggedEvents, loopRows, projectAll, replayedLoopRows, sleep } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { type EntityRef, FOLD_VERSION, entityKey, foldEntity, initialEntityState } from "~/domain/entities";
import { loopId } from "~/domain/loops";
import type { LoggedEvent, SystemEventInput } from "~/domain/events";
import { appendEvents } from "../events/append";
import { foldManyFromLog } from "./entity-store";
import { runProjector } from "./open-loops-projector";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");

async function insertOn(client: pg.Client, orgId: string, e: SystemEventInput, version: number) {
  await client.query(
    `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                primary_entity_type, payload, entity_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [e.id, orgId, e.event_type, e.occurred_at, e.actor!.id, e.actor!.type, e.primary_entity.id, e.primary_entity.type, e.payload, version],
  );
}

/** Makes a stored state look folded by another fold version (as after a deploy that changed the fold). */
async function staleFoldVersion(entityId: string) {
  await db.pool.query(`UPDATE entities SET state = jsonb_set(state, '{fold_version}', '0') WHERE id = $1`, [entityId]);
}

async function until(done: () => Promise<boolean>, ms = 20_000) {
  for (const end = Date.now() + ms; !(await done()); ) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(20);
  }
}

async function connect() {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  return c;
}

describe("stored entity states of another fold version", () => {
  it("are refolded from every event they had folded, even one whose position is above the batch's lowest", async () => {
    const orgId = randomUUID();
    const lead = leadCreated({ occurred_at: "2026-11-20T08:00:00Z" });
    const other = leadCreated();
    const older = await connect();
    const later = await connect();
    try {
      // `older` takes its transaction id first, `later` its position first: X's lead commits with
      // a position above the other lead's, which commits afterwards.
      await older.query("BEGIN");
      await older.query("SELECT pg_current_xact_id()");
      await later.query("BEGIN");
      await insertOn(later, orgId, other, 1);
      await insertOn(older, orgId, lead, 1);
      await older.query("COMMIT");
      // X's lead only, `later` being still open (a transaction elsewhere on the server may hold
      // the horizon back a moment longer).
      await until(async () => (await runProjector(db.pool, () => NOW)).processed === 1);
      expect(await loopRows(db.pool, { orgId })).toEqual([expect.objectContaining({ opened_by_event_id: lead.id })]);
      await staleFoldVersion(lead.primary_entity.id);
      await later.query("COMMIT");
    } finally {
      await older.end();
      await later.end();
    }
    await appendEvents(db.pool, { orgId }, [eventOf("quote_requested", { entity: lead.primary_entity, occurred_at: "2026-11-20T09:00:00Z" })]);
    await projectAll(db.pool, () => NOW);

    const rows = await loopRows(db.pool, { orgId });
    expect(rows.find((r) => r.opened_by_event_id === lead.id)).toMatchObject({ type: "new_lead", status: "resolved" });
    expect(rows).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
    const stored = await db.pool.query("SELECT state, version FROM entities WHERE id = $1", [lead.primary_entity.id]);
    expect(stored.rows[0].state).toMatchObject({ fold_version: FOLD_VERSION, name: "Jane Doe", stage: "quote_requested" });
    expect(stored.rows[0].version).toBe(2);
  });

  it("are refolded by the time tick too, instead of failing every pass", async () => {
    const orgId = randomUUID();
    const lead = leadCreated({ occurred_at: "2026-11-20T11:00:00Z" });
    await appendEvents(db.pool, { orgId }, [lead]);
    await projectAll(db.pool, () => NOW);
    await staleFoldVersion(lead.primary_entity.id);

    const later = new Date(NOW.getTime() + 2 * 24 * 3_600_000);
    const pass = await runProjector(db.pool, () => later);
    expect(pass.ticked).toBeGreaterThanOrEqual(1);
    expect(await loopRows(db.pool, { orgId })).toEqual([expect.objectContaining({ type: "new_lead", severity: "high" })]);
    expect(await loopRows(db.pool, { orgId })).toEqual(await replayedLoopRows(db.pool, later, orgId));
  });

  it("lose the rows their old fold derived that the new one does not (found by the ids their events could open)", async () => {
    const orgId = randomUUID();
    const lead = leadCreated({ occurred_at: "2026-11-20T10:00:00Z" });
    await appendEvents(db.pool, { orgId }, [lead]);
    await projectAll(db.pool, () => NOW);
    // A loop an older fold opened from this lead_created, which today's rules do not.
    const stray = loopId(lead.id, "quote_needed");
    await db.pool.query(
      `INSERT INTO open_loops (id, org_id, type, entity_type, entity_id, due_at, severity, suggested_action, status, opened_by_event_id)
       VALUES ($1, $2, 'quote_needed', 'deal', $3, $4, 'medium', 'draft_quote', 'active', $5)`,
      [stray, orgId, lead.primary_entity.id, NOW, lead.id],
    );
    await staleFoldVersion(lead.primary_entity.id);
    await appendEvents(db.pool, { orgId }, [eventOf("note_added", { entity: lead.primary_entity })]);
    await projectAll(db.pool, () => NOW);

    const rows = await loopRows(db.pool, { orgId });
    expect(rows.map((r) => r.id)).not.toContain(stray);
    expect(rows).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
  });
});

describe("foldManyFromLog (a careful batch's one read of the log)", () => {
  it("folds each entity from its own events up to its version, in version order, and an entity with none from nothing", async () => {
    const orgId = randomUUID();
    const a = leadCreated();
    const b = leadCreated();
    const aEvents = [a, eventOf("quote_requested", { entity: a.primary_entity }), eventOf("quote_sent", { entity: a.primary_entity })];
    const bEvents = [b, eventOf("quote_requested", { entity: b.primary_entity })];
    // Interleaved in the log: each entity's versions are still read in order.
    await appendEvents(db.pool, { orgId }, [aEvents[0]!, bEvents[0]!]);
    await appendEvents(db.pool, { orgId }, [bEvents[1]!, aEvents[1]!]);
    await appendEvents(db.pool, { orgId }, [aEvents[2]!]);
    const ref = (e: SystemEventInput) => ({ org_id: orgId, ...e.primary_entity }) as EntityRef;
    const none = { org_id: orgId, type: "deal", id: randomUUID() } as EntityRef;

    const got = await foldManyFromLog(db.pool, [
      { ref: ref(a), version: 2 },
      { ref: ref(b), version: 5 },
      { ref: none, version: 3 },
    ]);
    const logged = await loggedEvents(db.pool, orgId);
    const own = (e: SystemEventInput, upTo: number) => logged.filter((x) => x.primary_entity.id === e.primary_entity.id && x.entity_version <= upTo);
    const want = (r: EntityRef, events: LoggedEvent[]) => ({
      state: foldEntity(initialEntityState(r.type, r.id, r.org_id), events),
      refolded: { eventIds: events.map((e) => e.id) },
    });
    expect(got.get(entityKey(ref(a)))).toEqual(want(ref(a), own(a, 2)));
    expect(got.get(entityKey(ref(a)))!.refolded.eventIds).toEqual([aEvents[0]!.id, aEvents[1]!.id]);
    expect(got.get(entityKey(ref(b)))).toEqual(want(ref(b), own(b, 5)));
    expect(got.get(entityKey(ref(b)))!.state.version).toBe(2);
    expect(got.get(entityKey(none))).toEqual(want(none, []));
    expect(got.size).toBe(3);
  });
});
