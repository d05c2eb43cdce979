import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopRows, projectAll, replayedLoopRows } from "../../../tests/helpers/projection";
import { freshInputs } from "../../../tests/helpers/fresh-inputs";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import type { LoggedEvent } from "~/domain/events";
import { entityKey, factsOf, refOf } from "~/domain/entities";
import type { Loop } from "~/domain/loops";
import { buildLog, scenario } from "~/domain/testing/arbitrary-log";
import { replayAsOf } from "~/domain/time-travel";
import { entityAsOf } from "../entities/as-of";
import { appendEvents } from "../events/append";
import { expectedLoopRows, loggedEvents, unprojectedCount } from "../../../tests/helpers/projection";
import { type ProjectorPass, runProjector } from "./open-loops-projector";
import { LIVE, type ProjectionTables, REBUILD } from "./tables";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const HOUR = 3_600_000;


async function nextChange(orgId: string): Promise<number | null> {
  const r = await db.pool.query<{ t: Date | null }>("SELECT min(next_change_at) AS t FROM entities WHERE org_id = $1", [orgId]);
  return r.rows[0]?.t?.getTime() ?? null;
}

/**
 * The generated history runs from about ten days ago (real time), so that its snoozes are still
 * running when compared at the end; record times are the database's, so only at or after the real
 * now does the "recorded" basis see every event.
 */
const T0 = Date.now() - 10 * 24 * HOUR;

/** What entities.asOf says of each of the org's entities at `asOf`, on both bases. */
async function asOfEveryEntity(orgId: string, asOf: Date) {
  const byEntity = new Map<string, LoggedEvent[]>();
  for (const e of await loggedEvents(db.pool, orgId)) byEntity.set(entityKey(refOf(e)), [...(byEntity.get(entityKey(refOf(e))) ?? []), e]);
  const loops = { recorded: [] as Loop[], occurred: [] as Loop[] };
  for (const own of byEntity.values()) {
    for (const basis of ["recorded", "occurred"] as const) {
      const got = await entityAsOf(db.pool, orgId, { ...own[0]!.primary_entity, asOf, basis, events: "all" });
      // The service is the pure replay of the stored log, whatever the basis.
      const want = replayAsOf(own, asOf, basis);
      expect({ state: got.state, loops: got.loops }).toEqual({ state: want.state && factsOf(want.state), loops: want.loops });
      loops[basis].push(...got.loops);
    }
  }
  const allOccurred = [...byEntity.values()].flat().every((e) => Date.parse(e.occurred_at) <= asOf.getTime());
  return { ...loops, allOccurred };
}

/**
 * loop_counts (or the shadow's) against the loops table counted: the same active loops per org,
 * type and severity (a kept n = 0 is an absent group).
 */
async function expectCountsRight(tables: ProjectionTables, orgId: string) {
  const q = (sql: string) => db.pool.query<{ k: string; n: number }>(`${sql} ORDER BY 1`, [orgId]).then((r) => r.rows);
  const kept = await q(`SELECT type || '/' || severity AS k, n::int AS n FROM ${tables.counts} WHERE org_id = $1 AND n <> 0`);
  const counted = await q(`SELECT type || '/' || severity AS k, count(*)::int AS n FROM ${tables.loops}
                            WHERE org_id = $1 AND status = 'active' GROUP BY 1`);
  expect(kept).toEqual(counted);
}

/** Snoozed and reopened loops met in the rows compared along the way. */
const seen = { snoozed: 0, reopened: 0 };

/** Caught up (the whole log projected and ticked at `at`), the rows are those of a full replay at `at`. */
async function compareIfCaughtUp(orgId: string, at: Date, run: ProjectorPass) {
  await expectCountsRight(LIVE, orgId); // caught up or not
  if (!run.caughtUp || run.behind || (await unprojectedCount(db.pool)) > 0) return;
  const rows = await loopRows(db.pool, { orgId });
  expect(rows).toEqual(await replayedLoopRows(db.pool, at, orgId));
  seen.snoozed += rows.filter((l) => l.snoozed_until !== null).length;
  seen.reopened += rows.filter((l) => l.reopened_by_event_id !== null).length;
}

describe("live projection in Postgres == full pure replay (property-based)", () => {
  it("random logs appended in random batches, projected in random batch sizes with the clock moving", async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        async ({ steps, finalMin }, sizes, partial) => {
          const orgId = randomUUID();
          let clock = 0; // the projector's clock never runs backwards
          for (const [i, batch] of freshInputs(buildLog(steps, T0)).entries()) {
            await appendEvents(db.pool, { orgId }, batch.inputs);
            clock = Math.max(clock, batch.recordedMs);
            const at = new Date(clock);
            // Sometimes one small batch only: the backlog is then folded later, at a later clock.
            const opts = { batchSize: sizes[i % sizes.length]!, maxBatches: partial[i % partial.length] ? 1 : undefined };
            await compareIfCaughtUp(orgId, at, await runProjector(db.pool, () => at, opts));
            if (batch.tick === null) continue;
            const next = await nextChange(orgId);
            clock = batch.tick === "next" ? Math.max(clock, next ?? clock) : clock + batch.tick * HOUR;
            const later = new Date(clock);
            await compareIfCaughtUp(orgId, later, await runProjector(db.pool, () => later, opts));
          }
          // At or after the real now, so that the "recorded" basis sees every event.
          const asOf = new Date(Math.max(clock + finalMin * 60_000, Date.now() + 1000));
          await projectAll(db.pool, () => asOf);
          const live = await loopRows(db.pool, { orgId });
          expect(live).toEqual(await replayedLoopRows(db.pool, asOf, orgId));

          // Time travel agrees: "as the system saw it" now shows the live loops; "as it happened" too
          // once every event has occurred.
          const travelled = await asOfEveryEntity(orgId, asOf);
          expect(expectedLoopRows(travelled.recorded)).toEqual(live);
          // A rebuild (the shadow tables, folded from the log at once) ends with the same rows.
          await runProjector(db.pool, () => asOf, { tables: REBUILD, batchSize: 500 });
          expect(await loopRows(db.pool, { orgId, table: REBUILD.loops })).toEqual(live);
          await expectCountsRight(LIVE, orgId);
          await expectCountsRight(REBUILD, orgId);
          if (travelled.allOccurred) expect(expectedLoopRows(travelled.occurred)).toEqual(live);
        },
      ),
      // A fixed seed (CALM_FC_SEED to try another): the coverage check below then holds on every
      // machine; with a random one, 20 runs sometimes met no running snooze at a compared moment.
      { numRuns: 20, seed: Number(process.env.CALM_FC_SEED ?? 20261130) },
    );
    // The runs did meet running snoozes and reopened loops in the rows they compared.
    expect(seen.snoozed).toBeGreaterThan(0);
    expect(seen.reopened).toBeGreaterThan(0);
  }, 180_000);
});
