import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventOf, leadCreated } from "../../../tests/helpers/events";
import { loopRows, projectAll, replayedLoopRows, unprojectedCount } from "../../../tests/helpers/projection";
import { freshInputs } from "../../../tests/helpers/fresh-inputs";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { generateOrgEvents, planOrgs } from "../../../scripts/seed/generate";
import type { EntityType } from "~/domain/events";
import { type LoopType, type Severity, loopId } from "~/domain/loops";
import { buildLog, scenario } from "~/domain/testing/arbitrary-log";
import { appendEvents } from "../events/append";
import { summarizeLoops, summaryOf } from "../loops/list-loops";
import { runProjector } from "./open-loops-projector";
import { type RebuildProgress, rebuildProjection } from "./rebuild";
import { LIVE, type ProjectionTables, REBUILD } from "./tables";

// loop_counts (kept by the projector's writes, loop-store.ts countsPart) against the oracle: the
// loops table counted. A row with n = 0 counts as absent (a type whose loops all closed keeps it).

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const HOUR = 3_600_000;

type CountRow = { org_id: string; type: string; severity: string; n: number };

const sortRows = (rows: CountRow[]) =>
  rows.sort((a, b) => `${a.org_id}|${a.type}|${a.severity}`.localeCompare(`${b.org_id}|${b.type}|${b.severity}`));

/** The kept counts (n = 0 left out), every org's, or one org's. */
async function keptCounts(tables: ProjectionTables, orgId?: string): Promise<CountRow[]> {
  const res = await db.pool.query<CountRow>(
    `SELECT org_id, type, severity, n::int AS n FROM ${tables.counts} WHERE n <> 0 AND ($1::uuid IS NULL OR org_id = $1)`,
    [orgId ?? null],
  );
  return sortRows(res.rows);
}

/** The oracle: the loops table's active loops counted. */
async function countedCounts(tables: ProjectionTables, orgId?: string): Promise<CountRow[]> {
  const res = await db.pool.query<CountRow>(
    `SELECT org_id, type, severity, count(*)::int AS n FROM ${tables.loops}
      WHERE status = 'active' AND ($1::uuid IS NULL OR org_id = $1) GROUP BY 1, 2, 3`,
    [orgId ?? null],
  );
  return sortRows(res.rows);
}

async function expectCountsRight(tables: ProjectionTables = LIVE) {
  const [kept, counted] = [await keptCounts(tables), await countedCounts(tables)];
  expect(kept).toEqual(counted);
  expect((await db.pool.query(`SELECT 1 FROM ${tables.counts} WHERE n < 0`)).rowCount).toBe(0);
  return kept;
}

/** summarizeLoops as it was (counted at each read): the oracle of the kept one. */
async function summaryCounted(orgId: string, now: Date) {
  const res = await db.pool.query<{ type: LoopType; severity: Severity; snoozed: boolean; n: number }>(
    `SELECT type, severity, COALESCE(snoozed_until > $2, false) AS snoozed, count(*)::int AS n
       FROM open_loops WHERE org_id = $1 AND status = 'active' GROUP BY 1, 2, 3`,
    [orgId, now],
  );
  return summaryOf(res.rows);
}


/** The instants a summary is compared at: around each snooze's end, and a few others. */
async function instantsOf(orgId: string, clock: number): Promise<Date[]> {
  const res = await db.pool.query<{ t: Date }>(
    "SELECT DISTINCT snoozed_until AS t FROM open_loops WHERE org_id = $1 AND snoozed_until IS NOT NULL",
    [orgId],
  );
  const ends = res.rows.flatMap((r) => [r.t.getTime() - 1, r.t.getTime(), r.t.getTime() + 1]);
  return [...new Set([clock, clock - 24 * HOUR, clock + 24 * HOUR, clock + 30 * 24 * HOUR, ...ends])].map((ms) => new Date(ms));
}

const seen = { snoozed: 0, zeroRows: 0 };

async function expectSummariesRight(orgIds: string[], clock: number) {
  for (const orgId of orgIds) {
    for (const now of await instantsOf(orgId, clock)) {
      const kept = await summarizeLoops(db.pool, orgId, now);
      expect(kept).toEqual(await summaryCounted(orgId, now));
      seen.snoozed += kept.snoozed;
    }
  }
}

describe("loop_counts == the active loops counted", () => {
  const orgIds: string[] = [];
  const T0 = Date.now() - 10 * 24 * HOUR;
  let clock = 0;

  it("random histories (leads, quotes, invoices, payments, dismiss/resolve/snooze/reopen, late events, ticks), projected in random batches", async () => {
    const samples = fc.sample(
      fc.record({ s: scenario, size: fc.integer({ min: 1, max: 9 }), partial: fc.boolean() }),
      { numRuns: 12, seed: 20261203 },
    );
    for (const { s, size, partial } of samples) {
      const orgId = randomUUID();
      orgIds.push(orgId);
      clock = 0;
      for (const batch of freshInputs(buildLog(s.steps, T0))) {
        await appendEvents(db.pool, { orgId }, batch.inputs);
        clock = Math.max(clock, batch.recordedMs);
        const at = new Date(clock);
        const opts = { batchSize: size, maxBatches: partial ? 1 : undefined };
        await runProjector(db.pool, () => at, opts);
        // Whatever was projected so far (caught up or not), the counts are the rows'.
        await expectCountsRight();
        await expectSummariesRight([orgId], clock);
        if (batch.tick === null) continue;
        clock = batch.tick === "next" ? clock + HOUR : clock + batch.tick * HOUR;
        const later = new Date(clock);
        await runProjector(db.pool, () => later, opts);
        await expectCountsRight();
      }
      const end = new Date(Math.max(clock, Date.now()));
      await projectAll(db.pool, () => end);
      await expectCountsRight();
    }
    expect(await unprojectedCount(db.pool)).toBe(0);
    const zero = await db.pool.query("SELECT 1 FROM loop_counts WHERE n = 0");
    seen.zeroRows += zero.rowCount ?? 0;
    await expectSummariesRight(orgIds, Math.max(clock, Date.now()));
  }, 180_000);

  it("a seeded history (the demo seed's generator) with the clock walking: counts and summaries", async () => {
    const END = new Date("2026-11-20T12:00:00Z");
    const plans = planOrgs("loop-counts-test", 2, 3000);
    const byOrg = plans.map((p) => ({ orgId: p.orgId, events: generateOrgEvents("loop-counts-test", p, END) }));
    let now = new Date(END.getTime() - 30 * 24 * HOUR);
    for (let i = 0; byOrg.some((o) => o.events.length > 0); i++) {
      for (const o of byOrg) {
        const batch = o.events.splice(0, 60 + (i % 5) * 40);
        if (batch.length > 0) await appendEvents(db.pool, { orgId: o.orgId }, batch);
      }
      now = new Date(Math.min(END.getTime(), now.getTime() + 12 * HOUR));
      const at = now;
      await runProjector(db.pool, () => at, { batchSize: 1 + ((i * 37) % 300) });
      if (i % 4 === 0) await expectCountsRight();
    }
    // The clock moves on (invoices fall due, loops turn high) with the tick alone.
    const later = new Date(Math.max(END.getTime(), clock, Date.now()) + 5 * 24 * HOUR);
    await projectAll(db.pool, () => later);
    const kept = await expectCountsRight();
    expect(kept.length).toBeGreaterThan(4);
    orgIds.push(...plans.map((p) => p.orgId));
    clock = later.getTime();
    await expectSummariesRight(plans.map((p) => p.orgId), clock);
  }, 180_000);

  it("after a full rebuild (interrupted once, resumed), the swapped-in counts are the rows' and equal the live ones", async () => {
    const at = new Date(clock);
    await projectAll(db.pool, () => at);
    const live = await expectCountsRight();
    const liveRows = await loopRows(db.pool);

    const interrupted = rebuildProjection(db.pool, () => at, {
      fresh: true,
      batchSize: 300,
      onProgress: (p: RebuildProgress) => {
        if (p.phase === "folding") throw new Error("interrupted");
      },
    });
    await expect(interrupted).rejects.toThrow("interrupted");
    // The first pass's rows go in without their counts (fresh-rows.ts), which are taken when it
    // ends: so the resumed pass counts the interrupted one's rows too.
    expect((await db.pool.query(`SELECT 1 FROM ${REBUILD.entities}`)).rowCount).toBeGreaterThan(0);

    await rebuildProjection(db.pool, () => at, { batchSize: 300 });
    expect(await loopRows(db.pool)).toEqual(liveRows);
    expect(await expectCountsRight()).toEqual(live);
    // Empty shadows behind, the live table with its primary key.
    expect((await db.pool.query(`SELECT 1 FROM ${REBUILD.counts}`)).rowCount).toBe(0);
    const pk = await db.pool.query<{ c: string }>("SELECT conname AS c FROM pg_constraint WHERE conrelid = 'loop_counts'::regclass AND contype = 'p'");
    expect(pk.rows.map((r) => r.c)).toEqual(["loop_counts_pkey"]);

    // A second fresh rebuild (from the shadow the swap left) ends the same; then the live projector goes on writing.
    await rebuildProjection(db.pool, () => at, { fresh: true, batchSize: 1000 });
    expect(await expectCountsRight()).toEqual(live);
    await expectSummariesRight(orgIds, clock);
    const org = orgIds[0]!;
    await appendEvents(db.pool, { orgId: org }, [leadCreated({ occurred_at: at.toISOString() })]);
    await projectAll(db.pool, () => at);
    await expectCountsRight();
  }, 180_000);

  it("entities refolded (a stored state of another fold version): their rows upserted, the counts follow", async () => {
    const orgs = orgIds.slice(-2);
    const entities = await db.pool.query<{ org_id: string; type: EntityType; id: string }>(
      "SELECT org_id, type, id FROM entities WHERE org_id = ANY($1::uuid[])",
      [orgs],
    );
    expect(entities.rowCount).toBeGreaterThan(10);
    await db.pool.query(`UPDATE entities SET state = jsonb_set(state, '{fold_version}', '0') WHERE org_id = ANY($1::uuid[])`, [orgs]);
    // A stray active row an older fold derived (its count with it), which the refold deletes.
    const stray = entities.rows.find((e) => e.type === "deal")!;
    const strayEvent = (await db.pool.query<{ id: string }>("SELECT id FROM system_events WHERE primary_entity_id = $1 LIMIT 1", [stray.id])).rows[0]!;
    await db.pool.query(
      `WITH l AS (INSERT INTO open_loops (id, org_id, type, entity_type, entity_id, due_at, severity, suggested_action, status, opened_by_event_id)
                  VALUES ($1, $2, 'followup_due', 'deal', $3, now(), 'high', 'send_followup', 'active', $4) ON CONFLICT (id) DO NOTHING RETURNING org_id)
       INSERT INTO loop_counts AS c (org_id, type, severity, n) SELECT org_id, 'followup_due', 'high', 1 FROM l
       ON CONFLICT (org_id, type, severity) DO UPDATE SET n = c.n + 1`,
      [loopId(strayEvent.id, "followup_due"), stray.org_id, stray.id, strayEvent.id],
    );
    await expectCountsRight();
    for (const org of orgs) {
      const own = entities.rows.filter((e) => e.org_id === org);
      await appendEvents(db.pool, { orgId: org }, own.map((e) => eventOf("note_added", { entity: { type: e.type, id: e.id } })));
    }
    clock += 3 * 24 * HOUR; // time moved too: severities and due invoices change in the upserts
    const at = new Date(clock);
    await projectAll(db.pool, () => at, { batchSize: 50 });
    await expectCountsRight();
    expect(await loopRows(db.pool, { orgId: orgs[0]! })).toEqual(await replayedLoopRows(db.pool, at, orgs[0]!));
    await expectSummariesRight(orgs, clock);
  }, 60_000);

  it("the runs met snoozed loops in summaries and counts that went back to zero", () => {
    expect(seen.snoozed).toBeGreaterThan(0);
    expect(seen.zeroRows).toBeGreaterThan(0);
  });
});

describe("loops.summary from loop_counts", () => {
  it("is the caller's org's only; a type whose loops all closed is not listed; an org without loops has none", async () => {
    const a = await newOrg(db.pool, "A");
    const b = await newOrg(db.pool, "B");
    let now = new Date("2026-11-02T10:00:00Z");
    const clock = () => now;
    const apiA = apiCaller(db.pool, a, clock);
    const apiB = apiCaller(db.pool, b, clock);
    const leads = [leadCreated(), leadCreated(), leadCreated()];
    await apiA.events.append(leads[0]!);
    await apiA.events.append(leads[1]!);
    await apiB.events.append(leads[2]!);
    await projectAll(db.pool, clock);
    expect(await apiA.loops.summary()).toEqual({
      total: 2,
      bySeverity: { high: 0, medium: 2 },
      byType: { new_lead: { high: 0, medium: 2, total: 2, snoozed: 0 } },
      snoozed: 0,
    });
    expect(await apiB.loops.summary()).toMatchObject({ total: 1 });

    // B resolves its loop: its counts go to zero, A's stay.
    const [bLoop] = (await apiB.loops.list({})).items;
    await apiB.loops.resolve({ loopId: bLoop!.id });
    await projectAll(db.pool, clock);
    expect(await apiB.loops.summary()).toEqual({ total: 0, bySeverity: { high: 0, medium: 0 }, byType: {}, snoozed: 0 });
    expect(await keptCounts(LIVE, b.orgId)).toEqual([]);
    const zero = await db.pool.query<{ n: string }>("SELECT n FROM loop_counts WHERE org_id = $1", [b.orgId]);
    expect(zero.rows.map((r) => Number(r.n))).toEqual([0]);
    expect(await apiA.loops.summary()).toMatchObject({ total: 2 });

    // A snoozes one: counted apart while the snooze runs, back at its end (before any tick).
    const aLoops = (await apiA.loops.list({})).items;
    await apiA.loops.snooze({ loopId: aLoops[0]!.id, until: "2026-11-02T12:00:00.000Z" });
    await projectAll(db.pool, clock);
    expect(await apiA.loops.summary()).toEqual({
      total: 1,
      bySeverity: { high: 0, medium: 1 },
      byType: { new_lead: { high: 0, medium: 1, total: 1, snoozed: 1 } },
      snoozed: 1,
    });
    expect(await summarizeLoops(db.pool, a.orgId, now)).toEqual(await summaryCounted(a.orgId, now));
    now = new Date("2026-11-02T12:00:00.001Z");
    expect(await summarizeLoops(db.pool, a.orgId, now)).toEqual(await summaryCounted(a.orgId, now));
    expect((await apiA.loops.summary()).snoozed).toBe(0);
    // The next day, ticked: the loops turned high.
    now = new Date("2026-11-03T10:00:00Z");
    await projectAll(db.pool, clock);
    expect(await apiA.loops.summary()).toMatchObject({ total: 2, bySeverity: { high: 2, medium: 0 } });
    expect(await summarizeLoops(db.pool, a.orgId, now)).toEqual(await summaryCounted(a.orgId, now));

    // An org nobody wrote for.
    expect(await summarizeLoops(db.pool, randomUUID(), now)).toEqual({ total: 0, bySeverity: { high: 0, medium: 0 }, byType: {}, snoozed: 0 });
    await expectCountsRight();
  });
});

