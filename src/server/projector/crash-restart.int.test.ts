import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { chunks, lifecycleEvents } from "../../../tests/helpers/lifecycles";
import { entityRows, loopRows, replayedLoopRows, sleep, versionMismatches } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { rebuildProjection } from "./rebuild";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");
const clock = () => NOW;
const ROOT = path.resolve(import.meta.dirname, "../../..");
const APP = "crash-projector";

type Projector = { child: ChildProcess; output: string[]; exited: Promise<number | null> };

function startProjector(url: string, exitWhenIdle = false): Projector {
  const dbUrl = new URL(url);
  dbUrl.searchParams.set("application_name", APP);
  // tsx from node_modules (what `npx tsx` runs, without npx's start-up). Its own process group,
  // so SIGKILL reaches tsx and the node process running the loop.
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["tests/helpers/run-projector-loop.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      PROJECTOR_NOW: NOW.toISOString(),
      PROJECTOR_BATCH: "20",
      PROJECTOR_EXIT_WHEN_IDLE: exitWhenIdle ? "1" : "0",
    },
  });
  const output: string[] = [];
  child.stdout!.on("data", (d: Buffer) => output.push(...d.toString().split("\n").filter(Boolean)));
  child.stderr!.on("data", (d: Buffer) => output.push(`stderr: ${d.toString()}`));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output, exited };
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** True once the projector process has a transaction open (it is inside a batch). */
async function inBatch(): Promise<boolean> {
  const r = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = $1 AND xact_start IS NOT NULL`,
    [APP],
  );
  return r.rows[0]!.n > 0;
}

describe("the projector process killed with SIGKILL mid-batch and restarted", () => {
  it("ends equal to a rebuild and to the full pure replay", async () => {
    const api = apiCaller(db.pool, { orgId: randomUUID() });
    const events = lifecycleEvents("crash", 8000, NOW);
    let killing = true;
    let appended = 0;
    const appender = (async () => {
      for (const batch of chunks(events, 10)) {
        if (!killing) break;
        await api.events.appendBatch({ events: batch });
        appended += batch.length;
        await sleep(10);
      }
    })();

    let midBatch = 0;
    for (let kill = 0; kill < 4; kill++) {
      const p = startProjector(db.url);
      await waitFor(() => p.output.some((l) => l.startsWith("batch")), "a first batch");
      await sleep(Math.random() * 300);
      // Kill at the next moment the process is inside a batch transaction (most moments are).
      const open = await waitFor(inBatch, "an open batch", 2000).then(
        () => true,
        () => false,
      );
      process.kill(-p.child.pid!, "SIGKILL");
      if (open) midBatch++;
      expect(await p.exited).toBeNull(); // killed by the signal, no exit code
    }
    killing = false;
    await appender;
    expect(midBatch).toBeGreaterThan(0);
    expect(appended).toBeGreaterThan(500);

    const last = startProjector(db.url, true);
    expect(await last.exited).toBe(0);
    expect(last.output).toContain("idle");

    expect(await versionMismatches(db.pool)).toEqual([]);
    const live = { loops: await loopRows(db.pool), entities: await entityRows(db.pool) };
    expect(live.loops).toEqual(await replayedLoopRows(db.pool, NOW));

    await rebuildProjection(db.pool, clock, { fresh: true });
    expect(await loopRows(db.pool)).toEqual(live.loops);
    expect(await entityRows(db.pool)).toEqual(live.entities);
  }, 180_000);
});
