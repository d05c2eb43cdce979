import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg } from "../../../tests/helpers/callers";
import { eventOf } from "../../../tests/helpers/events";
import { sleep, unprojectedCount } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendEvents } from "../events/append";
import type { CreatedOrg } from "../orgs/create-org";
import { runLoopHistory } from "./loop-history-job";
import { LOOP_HISTORY_SUBSCRIBER } from "./loop-history-subscriber";
import { HISTORY_OVERLAP, rebuildLoopHistory } from "./rebuild-loop-history";

let db: TestDb;
let org: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb(6);
  org = await newOrg(db.pool, "A");
});
afterAll(async () => db?.drop());

async function catchUp(): Promise<void> {
  for (let i = 0; (await runLoopHistory(db.pool)).skipped || (await unprojectedCount(db.pool, LOOP_HISTORY_SUBSCRIBER)) > 0; i++) {
    if (i > 300) throw new Error("loop history behind");
    await sleep(20);
  }
}

/** The whole table, in a fixed order, as text. */
const table = async () =>
  (
    await db.pool.query<{ r: string }>(
      `SELECT concat_ws('|', org_id, basis, entity_type, entity_id, valid_from, valid_to, loop_id, type, status, due_at, closed_at,
              snoozed_until, visible_from, record::text) AS r
         FROM loop_history ORDER BY org_id, entity_type, entity_id, basis, valid_from, loop_id`,
    )
  ).rows.map((x) => x.r);

const lead = (entity: { type: "deal"; id: string }, day: number) =>
  eventOf("lead_created", { entity, occurred_at: new Date(Date.UTC(2026, 10, day, 9)).toISOString() });

describe("rebuildLoopHistory", () => {
  it("ends with the rows the live subscriber derives, also for events committed past its cut meanwhile", async () => {
    const deals = Array.from({ length: 30 }, () => ({ type: "deal" as const, id: randomUUID() }));
    for (const [i, d] of deals.entries()) await appendEvents(db.pool, { orgId: org.orgId }, [lead(d, 1 + (i % 20))]);
    // Late-recorded and closing events on some of them.
    for (const d of deals.slice(0, 10)) {
      await appendEvents(db.pool, { orgId: org.orgId }, [eventOf("quote_requested", { entity: d, occurred_at: "2026-11-01T08:00:00.000Z", payload: {} })]);
    }
    // Text the bulk fill (COPY) must escape, in a closed loop's record.
    const followup = { type: "followup" as const, id: randomUUID() };
    const reason = 'back\\slash \\N\ttab\nnewline\r"quoted" \u00e9 \u2713';
    await appendEvents(db.pool, { orgId: org.orgId }, [eventOf("followup_scheduled", { entity: followup, occurred_at: "2026-11-02T08:00:00.000Z" })]);
    await appendEvents(db.pool, { orgId: org.orgId }, [eventOf("followup_dismissed", { entity: followup, occurred_at: "2026-11-03T08:00:00.000Z", payload: { reason } })]);
    await catchUp();
    const live = await table();
    expect(live.length).toBeGreaterThan(30);
    expect(live.some((r) => r.includes(JSON.stringify(reason)))).toBe(true);

    // A transaction left open holds the horizon: what commits after it lies past the rebuild's cut.
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_current_xact_id()");
      const past = deals.slice(10, 15);
      for (const d of past) {
        await appendEvents(db.pool, { orgId: org.orgId }, [eventOf("quote_requested", { entity: d, occurred_at: "2026-11-25T08:00:00.000Z", payload: {} })]);
      }
      await db.pool.query("TRUNCATE loop_history"); // a rebuild must not depend on what is there
      await rebuildLoopHistory(db.pool);
      // Only the events below the cut are in yet: the five past it wait for the open transaction.
      expect(await unprojectedCount(db.pool, LOOP_HISTORY_SUBSCRIBER)).toBe(past.length);
      expect(await table()).toEqual(live);
    } finally {
      await holder.query("COMMIT");
      holder.release();
    }
    await catchUp();
    const after = await table();
    expect(after).not.toEqual(live);
    // The same as a history derived by the live subscriber alone, from the start.
    await db.pool.query("TRUNCATE loop_history");
    await db.pool.query("DELETE FROM subscription_checkpoints WHERE subscriber_id = $1", [LOOP_HISTORY_SUBSCRIBER]);
    await catchUp();
    expect(await table()).toEqual(after);
    expect((await db.pool.query("SELECT to_regclass('loop_history_next') AS t")).rows[0].t).toBeNull();
  }, 120_000);

  it("refuses to run beside another rebuild of the history, whose shadow it would drop", async () => {
    const other = await db.pool.connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtextextended('calm:loop-history-rebuild', 0))");
      await other.query("CREATE TABLE loop_history_next (LIKE loop_history)"); // the other one's shadow, filling
      await expect(rebuildLoopHistory(db.pool)).rejects.toThrow(HISTORY_OVERLAP);
      expect((await db.pool.query("SELECT to_regclass('loop_history_next') AS t")).rows[0].t).not.toBeNull();
      await other.query("DROP TABLE loop_history_next");
      await other.query("SELECT pg_advisory_unlock(hashtextextended('calm:loop-history-rebuild', 0))");
      await expect(rebuildLoopHistory(db.pool)).resolves.toBeGreaterThanOrEqual(0);
    } finally {
      other.release();
    }
  });
});
