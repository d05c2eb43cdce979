import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eventOf, leadCreated } from "../../../tests/helpers/events";
import { loggedEvents, loopRows, projectAll, replayedLoopRows, unprojectedCount } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { withTransaction } from "../db/transaction";
import { loopId } from "~/domain/loops";
import { appendEvents } from "../events/append";
import { runProjector } from "./open-loops-projector";
import { StaleRows, applyProjection, carefulOnStale, prepareProjection, projectEvents } from "./project-events";
import { LIVE } from "./tables";

// Rows changed behind the projector's back (a manual DELETE, a partial restore): the write that
// finds them so is refused (StaleRows) and prepared again carefully, from the log and the rows as
// they are, instead of failing every pass and holding up every org's projection.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());
afterEach(() => vi.restoreAllMocks());

/** What the projector told the operator on stderr. */
const warnings = () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  return () => warn.mock.calls.map((c) => String(c[0]));
};

const NOW = new Date("2026-11-02T12:00:00Z");
const DAY = 24 * 3_600_000;

/**
 * Appended and projected until caught up: one pass can stop short of the log's end while some
 * transaction that Postgres cannot tell belongs to another database is running (another test
 * file's, this process's NOTIFY after an append); the horizon waits for it, never skips it.
 */
async function projected(orgId: string, events = [leadCreated()], at = NOW) {
  await appendEvents(db.pool, { orgId }, events);
  await projectAll(db.pool, () => at);
  return events;
}

/** The org's kept loop counts (n = 0 left out) and its active loops counted: equal when right. */
async function counts(orgId: string) {
  const q = async (sql: string) =>
    (await db.pool.query<{ k: string }>(`SELECT type || '/' || severity || '=' || n AS k FROM (${sql}) c WHERE org_id = $1 AND n <> 0 ORDER BY 1`, [orgId])).rows.map((r) => r.k);
  return {
    kept: await q("SELECT org_id, type, severity, n FROM loop_counts"),
    counted: await q("SELECT org_id, type, severity, count(*) AS n FROM open_loops WHERE status = 'active' GROUP BY 1, 2, 3"),
  };
}

async function expectCountsRight(orgId: string) {
  const { kept, counted } = await counts(orgId);
  expect(kept).toEqual(counted);
}

const entityVersion = async (orgId: string) =>
  (await db.pool.query<{ version: number }>("SELECT version FROM entities WHERE org_id = $1", [orgId])).rows.map((r) => r.version);

describe("loop rows changed behind the projector's back", () => {
  it("a deleted row: the entity's next event is projected carefully and its rows are back, with another org's in the same batch", async () => {
    const damaged = randomUUID();
    const other = randomUUID();
    const [lead] = await projected(damaged);
    await db.pool.query("DELETE FROM open_loops WHERE org_id = $1", [damaged]);

    await appendEvents(db.pool, { orgId: damaged }, [eventOf("quote_requested", { entity: lead!.primary_entity })]);
    await appendEvents(db.pool, { orgId: other }, [leadCreated()]);
    // Without the careful retry this throws (the update of the deleted row counts 0) on every pass.
    const warned = warnings();
    await projectAll(db.pool, () => NOW);
    expect(warned()).toEqual([expect.stringMatching(/^\[projector\] a batch found open_loops or entities rows not as the projector left them/)]);
    expect(await unprojectedCount(db.pool)).toBe(0);

    const rows = await loopRows(db.pool, { orgId: damaged });
    expect(rows.map((r) => [r.type, r.status])).toEqual(expect.arrayContaining([["new_lead", "resolved"]]));
    expect(rows).toEqual(await replayedLoopRows(db.pool, NOW, damaged));
    expect(await loopRows(db.pool, { orgId: other })).toEqual(await replayedLoopRows(db.pool, NOW, other));
    expect(await entityVersion(damaged)).toEqual([2]);
    // The hand-deleted active row had left its count behind: the careful batch counts again.
    await expectCountsRight(damaged);
    await expectCountsRight(other);
    // Changes are judged against the rows as they were: the restored loop is told opened again, then closed.
    const told = await db.pool.query<{ change: string }>(
      "SELECT change FROM loop_changes WHERE org_id = $1 AND loop_type = 'new_lead' ORDER BY position",
      [damaged],
    );
    expect(told.rows.map((r) => r.change)).toEqual(["opened", "opened", "closed"]);
  });

  it("a deleted entity row (its loops kept): the next event refolds the entity from the log, not from that event alone", async () => {
    const orgId = randomUUID();
    const [lead] = await projected(orgId);
    await db.pool.query("DELETE FROM entities WHERE org_id = $1", [orgId]);

    await appendEvents(db.pool, { orgId }, [eventOf("quote_requested", { entity: lead!.primary_entity })]);
    // Its first event here is its second: not new, so folded from the log (else folded from that
    // event alone, its lead's loop left open).
    await projectAll(db.pool, () => NOW);
    expect(await unprojectedCount(db.pool)).toBe(0);
    expect(await loopRows(db.pool, { orgId })).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
    expect(await entityVersion(orgId)).toEqual([2]);
    await expectCountsRight(orgId);
  });

  it("a row added by hand where a new loop goes: the plain insert meets it, and the careful batch writes the loop over it", async () => {
    const orgId = randomUUID();
    const [first] = await projected(orgId);
    const lead = leadCreated();
    // The row the lead's new_lead loop will be, there already (a restore from a later backup, say), dismissed.
    await db.pool.query(
      `INSERT INTO open_loops
       SELECT (jsonb_populate_record(o, jsonb_build_object('id', $2::uuid, 'entity_id', $3::uuid, 'opened_by_event_id', $4::uuid, 'status', 'dismissed'))).*
         FROM open_loops o WHERE o.id = $1`,
      [loopId(first!.id, "new_lead"), loopId(lead.id, "new_lead"), lead.primary_entity.id, lead.id],
    );
    await appendEvents(db.pool, { orgId }, [lead]);

    const warned = warnings();
    await projectAll(db.pool, () => NOW);
    expect(warned()).toEqual([expect.stringMatching(/^\[projector\] a batch found/)]);
    expect(await unprojectedCount(db.pool)).toBe(0);
    const rows = await loopRows(db.pool, { orgId });
    expect(rows.find((r) => r.id === loopId(lead.id, "new_lead"))?.status).toBe("active");
    expect(rows).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
    await expectCountsRight(orgId);
  });

  it("a deleted row whose loop time alone changes: the tick goes again carefully and writes it as due", async () => {
    const orgId = randomUUID();
    await projected(orgId);
    await db.pool.query("DELETE FROM open_loops WHERE org_id = $1", [orgId]);

    // Two days on, the new lead is overdue: only the tick (no event) re-derives it.
    const later = new Date(NOW.getTime() + 2 * DAY);
    const warned = warnings();
    const pass = await runProjector(db.pool, () => later);
    expect(warned()).toEqual([expect.stringMatching(/^\[projector\] the time pass found/)]);
    expect(pass.ticked).toBeGreaterThan(0);
    const rows = await loopRows(db.pool, { orgId });
    expect(rows).toHaveLength(1);
    expect(rows).toEqual(await replayedLoopRows(db.pool, later, orgId));
    await expectCountsRight(orgId);
  });

  it("in a transaction of its own (a rebuild's swap): refused, rolled back to a savepoint, and written carefully", async () => {
    const orgId = randomUUID();
    const [lead] = await projected(orgId);
    await db.pool.query("DELETE FROM open_loops WHERE org_id = $1", [orgId]);
    await appendEvents(db.pool, { orgId }, [eventOf("quote_requested", { entity: lead!.primary_entity })]);
    const events = (await loggedEvents(db.pool, orgId)).slice(1);

    const prepared = await prepareProjection(db.pool, LIVE, events, NOW, null);
    await expect(withTransaction(db.pool, (c) => applyProjection(c, LIVE, prepared))).rejects.toBeInstanceOf(StaleRows);

    const tries: boolean[] = [];
    const warned = warnings();
    await withTransaction(db.pool, (c) =>
      carefulOnStale(c, LIVE, "a batch of the swap", async (opts) => {
        tries.push(opts.careful === true);
        await projectEvents(c, LIVE, events, NOW, opts);
      }),
    );
    expect(tries).toEqual([false, true]);
    expect(warned()).toEqual([expect.stringMatching(/^\[projector\] a batch of the swap found/)]);
    expect(await loopRows(db.pool, { orgId })).toEqual(await replayedLoopRows(db.pool, NOW, orgId));
    await expectCountsRight(orgId);
    expect(await entityVersion(orgId)).toEqual([2]);
  });
});
