import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../tests/helpers/callers";
import { eventOf, leadCreated } from "../tests/helpers/events";
import { entityRows, loopRows, projectAll } from "../tests/helpers/projection";
import { runScript } from "../tests/helpers/run-script";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "~/server/db/embedded";
import { applyMigrations } from "~/server/db/migrate/apply-migrations";
import { createPool } from "~/server/db/pool";
import { runLoopHistory } from "~/server/loop-history/loop-history-job";

// `npm run projections:rebuild` on the embedded default (PGlite), which takes no COPY: both rebuilds
// write their rows by INSERT there, and the server keeps answering the app's connections.

let dir: string;
let running: EmbeddedPostgres | undefined;
let pool: pg.Pool | undefined;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "calm-embedded-rebuild-"));
});
afterAll(async () => {
  await pool?.end();
  await running?.stop();
  await rm(dir, { recursive: true, force: true });
});

const history = async (db: pg.Pool) =>
  (
    await db.query<{ r: string }>(
      `SELECT concat_ws('|', org_id, basis, entity_type, entity_id, valid_from, valid_to, loop_id, status, record::text) AS r
         FROM loop_history ORDER BY org_id, entity_type, entity_id, basis, valid_from, loop_id`,
    )
  ).rows.map((x) => x.r);

describe("projections:rebuild on the embedded Postgres", () => {
  it("rebuilds the open loops and the loop history as the live side derived them, and the server still answers", { timeout: 180_000 }, async () => {
    running = await startEmbeddedPostgres({ dataDir: path.join(dir, "pglite"), port: 0 });
    await applyMigrations(running.url);
    pool = createPool(running.url, 4);
    const org = await newOrg(pool);
    const clock = () => new Date("2026-11-04T10:00:00Z");
    const followup = { type: "followup" as const, id: crypto.randomUUID() };
    const reason = 'back\\slash \\N\ttab\nnewline "quoted"';
    await apiCaller(pool, org, clock).events.appendBatch({
      events: [
        ...Array.from({ length: 4 }, () => leadCreated()),
        eventOf("followup_scheduled", { entity: followup, occurred_at: "2026-11-02T08:00:00.000Z" }),
        eventOf("followup_dismissed", { entity: followup, occurred_at: "2026-11-03T08:00:00.000Z", payload: { reason } }),
      ],
    });
    await projectAll(pool, clock);
    await runLoopHistory(pool, { batchSize: 100 });
    const before = { loops: await loopRows(pool), entities: await entityRows(pool), history: await history(pool) };
    expect(before.loops.some((l) => l.close_note === reason)).toBe(true);
    expect(before.history.length).toBeGreaterThanOrEqual(10);

    const run = await runScript("scripts/rebuild.ts", ["--fresh"], { DATABASE_URL: running.url });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("[rebuild] loop history: 6 events in");

    expect(await loopRows(pool)).toEqual(before.loops);
    expect(await entityRows(pool)).toEqual(before.entities);
    expect(await history(pool)).toEqual(before.history);
  });
});
