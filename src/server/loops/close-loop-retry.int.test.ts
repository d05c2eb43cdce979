import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { SYSTEM_ACTOR, eventCount, leadCreated, noteOn } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendEvents } from "../events/append";
import { closeLoop } from "./close-loop";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");

/** An org with one projected, active new_lead loop. */
async function leadLoop() {
  const orgId = randomUUID();
  const deal = { id: randomUUID(), type: "deal" as const };
  await apiCaller(db.pool, { orgId }).events.append(leadCreated({ primary_entity: deal, occurred_at: "2026-11-20T08:00:00Z" }));
  await projectAll(db.pool, () => NOW);
  const [loop] = (await apiCaller(db.pool, { orgId }).loops.list({})).items;
  return { orgId, deal, loopId: loop!.id };
}

/** The pool, except that before each of the first `times` appends another writer adds a note to the entity. */
function racingPool(deal: { id: string; type: "deal" }, orgId: string, times: number): { pool: pg.Pool; raced: () => number } {
  let raced = 0;
  const pool = new Proxy(db.pool, {
    get(target, prop) {
      if (prop === "query") {
        return async (...args: unknown[]) => {
          // A query's text comes alone or in a config object (the append path's is a named statement).
          const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: unknown } | null)?.text;
          if (raced < times && typeof text === "string" && text.includes("calm_append_events")) {
            raced++;
            await appendEvents(db.pool, { orgId }, [noteOn(deal, `meanwhile ${raced}`)]);
          }
          return (target.query as (...a: unknown[]) => unknown)(...args);
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { pool, raced: () => raced };
}

describe("closeLoop when another writer changes the entity between its fold and its append", () => {
  it("folds again and closes the loop (the version conflict is recognised by its reason)", async () => {
    const { orgId, deal, loopId } = await leadLoop();
    const { pool, raced } = racingPool(deal, orgId, 2);
    const event = await closeLoop(pool, { orgId, actor: SYSTEM_ACTOR }, { loopId, kind: "dismiss", text: "spam" }, NOW);
    expect(raced()).toBe(2);
    expect(event).toMatchObject({ event_type: "loop_dismissed", entity_version: 4, payload: { loop_id: loopId, reason: "spam" } });
  });

  it("gives up after a few conflicts with the CONFLICT itself, and writes nothing of its own", async () => {
    const { orgId, deal, loopId } = await leadLoop();
    const { pool, raced } = racingPool(deal, orgId, 100);
    const err = await closeLoop(pool, { orgId, actor: SYSTEM_ACTOR }, { loopId, kind: "resolve" }, NOW).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ reason: "version_mismatch", code: "CONFLICT" });
    expect(raced()).toBe(4);
    // The lead and the other writer's notes only.
    expect(await eventCount(db.pool, orgId)).toBe(1 + 4);
  });
});
