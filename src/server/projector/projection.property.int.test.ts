import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopRows, projectAll, replayedLoopRows } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import type { LoggedEvent, SystemEventInput } from "~/domain/events";
import { LOOP_TYPES, loopId } from "~/domain/loops";
import { type Batch, buildLog, scenario } from "~/domain/testing/arbitrary-log";
import { appendEvents } from "../events/append";
import { runProjector } from "./open-loops-projector";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const HOUR = 3_600_000;

/**
 * The generated log uses fixed ids; every run gets fresh event and entity ids (the log is
 * append-only and shared by the runs), with loop commands re-pointed at the renamed loops.
 */
function freshInputs(batches: Batch[]): { inputs: SystemEventInput[]; recordedMs: number; tick: Batch["tick"] }[] {
  const ids = new Map<string, string>();
  const loops = new Map<string, string>();
  const rename = (id: string) => ids.get(id) ?? (ids.set(id, randomUUID()), ids.get(id)!);
  return batches.map((b) => ({
    tick: b.tick,
    recordedMs: Math.max(...b.events.map((e) => Date.parse(e.created_at))),
    inputs: b.events.map((e: LoggedEvent) => {
      const id = rename(e.id);
      for (const t of LOOP_TYPES) loops.set(loopId(e.id, t), loopId(id, t));
      const payload = { ...e.payload } as Record<string, unknown>;
      if (typeof payload.loop_id === "string") payload.loop_id = loops.get(payload.loop_id) ?? payload.loop_id;
      return {
        id,
        event_type: e.event_type,
        occurred_at: e.occurred_at,
        actor: e.actor,
        primary_entity: { type: e.primary_entity.type, id: rename(e.primary_entity.id) },
        payload,
      } as SystemEventInput;
    }),
  }));
}

async function nextChange(orgId: string): Promise<number | null> {
  const r = await db.pool.query<{ t: Date | null }>("SELECT min(next_change_at) AS t FROM entities WHERE org_id = $1", [orgId]);
  return r.rows[0]?.t?.getTime() ?? null;
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
          for (const [i, batch] of freshInputs(buildLog(steps)).entries()) {
            await appendEvents(db.pool, { orgId }, batch.inputs);
            clock = Math.max(clock, batch.recordedMs);
            const at = new Date(clock);
            // Sometimes one small batch only: the backlog is then folded later, at a later clock.
            const opts = { batchSize: sizes[i % sizes.length]!, maxBatches: partial[i % partial.length] ? 1 : undefined };
            await runProjector(db.pool, () => at, opts);
            if (batch.tick === null) continue;
            const next = await nextChange(orgId);
            clock = batch.tick === "next" ? Math.max(clock, next ?? clock) : clock + batch.tick * HOUR;
            const later = new Date(clock);
            await runProjector(db.pool, () => later, opts);
          }
          const asOf = new Date(clock + finalMin * 60_000);
          await projectAll(db.pool, () => asOf);
          expect(await loopRows(db.pool, { orgId })).toEqual(await replayedLoopRows(db.pool, asOf, orgId));
        },
      ),
      { numRuns: 15 },
    );
  }, 180_000);
});
