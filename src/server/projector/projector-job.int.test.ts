import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { leadCreated, noteOn } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import type { ProjectorPass } from "./open-loops-projector";
import { projectorJob } from "./projector-job";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-03T10:00:00Z");
const run = async (job: ReturnType<typeof projectorJob>) => (await job.run()) as ProjectorPass;

describe("the worker's projector job: batch sizes", () => {
  it("takes larger batches once a pass ends behind, within the payload budget, and small ones again once caught up", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org, () => NOW);
    // A first pass of 10 small batches (not the 20 that passEvents would hold), then large ones
    // (the payload budget is no bound here).
    const job = projectorJob(db.pool, () => NOW, { small: 10, large: 50, passEvents: 200, payloadBytes: 4_000 });
    for (const n of [500, 210]) await api.events.appendBatch({ events: Array.from({ length: n }, () => leadCreated()) });

    const first = await run(job);
    expect(first).toMatchObject({ processed: 100, batches: 10, caughtUp: false });
    // Batches of 50 (lead_created payloads, {"name": "Jane Doe", "source": "website"}, are ~40
    // characters: the budget allows 100), and at least 10 batches a pass.
    expect(await run(job)).toMatchObject({ processed: 500, batches: 10, caughtUp: false });
    expect(await run(job)).toMatchObject({ processed: 110, batches: 3, caughtUp: true });
    expect((await api.loops.summary()).total).toBe(710);

    // Caught up: small batches again.
    await api.events.appendBatch({ events: Array.from({ length: 25 }, () => leadCreated()) });
    expect(await run(job)).toMatchObject({ processed: 25, batches: 3, caughtUp: true });
  });

  it("bounds a batch by its payloads' size: large notes make batches smaller than `large`", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org, () => NOW);
    const job = projectorJob(db.pool, () => NOW, { small: 10, large: 50, passEvents: 100, payloadBytes: 20_000 });
    const lead = leadCreated();
    await api.events.append(lead);
    const deal = lead.primary_entity as { id: string; type: "deal" };
    // Notes of ~4,000 characters: the budget holds 5 of them.
    for (let i = 0; i < 3; i++) await api.events.appendBatch({ events: Array.from({ length: 100 }, () => noteOn(deal, "x".repeat(4_000))) });
    expect(await run(job)).toMatchObject({ processed: 100, batches: 10, caughtUp: false });
    expect(await run(job)).toMatchObject({ processed: 100, batches: 20, caughtUp: false });
  });
});
