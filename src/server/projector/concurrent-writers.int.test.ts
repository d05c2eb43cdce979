import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { eventCount } from "../../../tests/helpers/events";
import { chunks, lifecycleEvents } from "../../../tests/helpers/lifecycles";
import {
  loopRows,
  projectAll,
  replayedLoopRows,
  sleep,
  versionMismatches,
} from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { runProjector } from "./open-loops-projector";

let db: TestDb;
beforeAll(async () => {
  // 8 writers and the projector, each on its own connection.
  db = await createTestDb(12);
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");
const clock = () => NOW;
const WRITERS = 8;
const EACH = 2000;

describe("8 concurrent writers with the projector running alongside", () => {
  it("applies every one of 16,000 events exactly once; open_loops equals the full pure replay", async () => {
    const orgs = [randomUUID(), randomUUID()];
    // Entities every writer of an org also appends notes to: writers contend on them.
    const shared = orgs.map(() => Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), type: i % 2 ? ("client" as const) : ("deal" as const) })));

    let writing = true;
    let passes = 0;
    let processedWhileWriting = 0;
    let projected: () => void = () => undefined;
    const firstProjected = new Promise<void>((r) => (projected = r));
    const projector = (async () => {
      while (writing) {
        const run = await runProjector(db.pool, clock, { batchSize: 500, maxBatches: 4 });
        passes++;
        processedWhileWriting += run.processed;
        if (processedWhileWriting > 0) projected();
        await sleep(5);
      }
    })();

    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const org = w % orgs.length;
        const api = apiCaller(db.pool, { orgId: orgs[org]! });
        const events = lifecycleEvents(`writer-${w}`, EACH, NOW, shared[org]);
        const batches = chunks(events, 40);
        for (const [i, batch] of batches.entries()) {
          // Halfway, wait until the projector has applied something: appends are fast, and a
          // transaction held open by another test file holds every subscriber's horizon back for
          // a while, so without this the writers could finish before the projector ever ran.
          if (i === Math.floor(batches.length / 2)) await Promise.race([firstProjected, sleep(30_000)]);
          await api.events.appendBatch({ events: batch });
        }
      }),
    );
    writing = false;
    await projector;
    expect(passes).toBeGreaterThan(1);
    expect(processedWhileWriting).toBeGreaterThan(0);

    await projectAll(db.pool, clock);
    expect(await eventCount(db.pool)).toBe(WRITERS * EACH);
    expect(await versionMismatches(db.pool)).toEqual([]);
    const rows = await loopRows(db.pool);
    expect(rows.length).toBeGreaterThan(1000);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["active", "resolved", "dismissed"]));
    expect(rows).toEqual(await replayedLoopRows(db.pool, NOW));
  }, 180_000);
});
