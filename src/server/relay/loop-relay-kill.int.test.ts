import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityKey, initialEntityState, refOf } from "~/domain/entities";
import { foldWithChanges } from "~/domain/loops";
import { apiCaller } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { chunks, lifecycleEvents } from "../../../tests/helpers/lifecycles";
import { loggedEvents, projectAll } from "../../../tests/helpers/projection";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { belowHorizon, deleteStreamKeys, readStream, testStreamName } from "../../../tests/helpers/streams";
import { lineWaiter } from "../../../tests/helpers/child-lines";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { loadCheckpoint } from "../subscriptions/checkpoint";
import { loopRelayCheckpointKey, loopRelaySubscriberId, readCheckpointAt } from "./redis-checkpoint";
import { runLoopRelay } from "./run-relay";
import { createStreamsRedis, whenReady } from "./streams-redis";

// Exactly once across SIGKILLs: of the loop relay between its append and its Postgres copy, and of
// a worker-like process (projector + tick + both relays) at random moments of its passes.

let db: TestDb;
let redis: Redis;
const streams: string[] = [];
const ROOT = path.resolve(import.meta.dirname, "../../..");
const NOW = new Date("2026-11-20T12:00:00.000Z");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await createTestDb();
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
});
afterAll(async () => {
  for (const s of streams) await deleteStreamKeys(redis, s);
  redis.disconnect();
  await db?.drop();
});

type Child = { child: ChildProcess; waitLines: (match: string, n: number) => Promise<void>; exited: Promise<number | null> };

/** A node process (its own group, so SIGKILL reaches tsx's child too) whose stdout lines are counted by first word. */
function startChild(script: string, env: Record<string, string>): Child {
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [script], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, SKIP_ENV_VALIDATION: "1", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, waitLines: lineWaiter(child, "child"), exited };
}

async function kill(c: Child): Promise<void> {
  if (c.child.exitCode === null && c.child.signalCode === null) process.kill(-c.child.pid!, "SIGKILL");
  await c.exited;
}

const loopIds = async (stream: string) =>
  (await readStream(redis, stream)).filter((e) => e.fields.kind === "loop").map((e) => e.fields.notification_id!);

describe("loop notifications across SIGKILL", () => {
  it("the loop relay killed between its append and its checkpoint's copy: each change reaches the stream once, in outbox order", async () => {
    const stream = testStreamName("loop-relay-kill");
    streams.push(stream);
    const orgId = randomUUID();
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await apiCaller(db.pool, { orgId }, () => NOW).events.appendBatch({ events: Array.from({ length: 5 }, () => leadCreated()) });
        await projectAll(db.pool, () => NOW);
        await sleep(3);
      }
    })();
    let windowHits = 0;
    for (let k = 0; k < 6; k++) {
      const targeted = k % 2 === 0;
      const c = startChild("tests/helpers/relay-loop.ts", {
        RELAY_KIND: "loops",
        RELAY_STREAM: stream,
        RELAY_BATCH: "7",
        RELAY_HOLD_MS: targeted ? "40" : "0",
        RELAY_SCRIPT_BYTES: targeted ? "" : "900",
      });
      await c.waitLines("ready", 1);
      if (targeted) await c.waitLines("appended", 1 + Math.floor(Math.random() * 3));
      else {
        await c.waitLines("batch", 1);
        await sleep(Math.random() * 60);
      }
      await kill(c);
      const inRedis = await readCheckpointAt(redis, loopRelayCheckpointKey(stream));
      const inPg = await loadCheckpoint(db.pool, loopRelaySubscriberId(stream));
      if (inRedis && inRedis.position > inPg.position) windowHits++;
    }
    writing = false;
    await writer;
    await belowHorizon(db.pool);
    // One run is bounded (a busy machine's writer may have left more than one run takes).
    for (let i = 0; !(await runLoopRelay(db.pool, redis, { stream, maxLen: 1_000_000 })).caughtUp; i++) {
      if (i > 100) throw new Error("the loop relay does not catch up");
    }

    expect(windowHits).toBeGreaterThan(0); // some kills did land between Redis and Postgres
    const outbox = await db.pool.query<{ id: string }>("SELECT id FROM loop_changes ORDER BY tx_id, position");
    expect(outbox.rows.length).toBeGreaterThan(20);
    expect(await loopIds(stream)).toEqual(outbox.rows.map((r) => r.id));
  }, 300_000);

  it("a worker SIGKILLed mid-pass and restarted: every loop change of the log is told exactly once", async () => {
    const stream = testStreamName("loop-worker-kill");
    streams.push(stream);
    await db.pool.query("TRUNCATE loop_changes"); // this test counts its own changes only
    const orgId = randomUUID();
    const events = lifecycleEvents("loop-worker-kill", 1500, NOW);
    let appending = true;
    const appender = (async () => {
      for (const batch of chunks(events, 10)) {
        if (!appending) break;
        await apiCaller(db.pool, { orgId }, () => NOW).events.appendBatch({ events: batch });
        await sleep(5);
      }
    })();
    const env = { RELAY_STREAM: stream, PROJECTOR_NOW: NOW.toISOString() };
    for (let k = 0; k < 5; k++) {
      const c = startChild("tests/helpers/notify-worker-loop.ts", env);
      await c.waitLines("pass", 1 + Math.floor(Math.random() * 4));
      await sleep(Math.random() * 100);
      await kill(c);
    }
    appending = false;
    await appender;
    await belowHorizon(db.pool);
    const last = startChild("tests/helpers/notify-worker-loop.ts", { ...env, WORKER_EXIT_WHEN_IDLE: "1" });
    expect(await last.exited).toBe(0);
    await belowHorizon(db.pool);
    await runLoopRelay(db.pool, redis, { stream, maxLen: 1_000_000 });

    // What the log says should have been told (the clock stood still: only events changed loops),
    // whatever the batches were: each event's changes, folded entity by entity.
    const byEntity = new Map<string, Awaited<ReturnType<typeof loggedEvents>>>();
    for (const e of await loggedEvents(db.pool, orgId)) {
      const key = entityKey(refOf(e));
      byEntity.set(key, [...(byEntity.get(key) ?? []), e]);
    }
    const expected: string[] = [];
    for (const own of byEntity.values()) {
      const ref = refOf(own[0]!);
      const step = foldWithChanges(initialEntityState(ref.type, ref.id, ref.org_id), [], false, own, NOW);
      for (const c of step.changes) expected.push(`${c.loop.id}:${c.kind}:${c.caused_by_event_id}:${new Date(c.changed_at).toISOString()}`);
    }
    expect(expected.length).toBeGreaterThan(100);
    const told = (await readStream(redis, stream))
      .filter((e) => e.fields.kind === "loop")
      .map((e) => `${e.fields.loop_id}:${e.fields.change}:${e.fields.caused_by_event_id}:${e.fields.changed_at}`);
    expect(new Set(told).size).toBe(told.length);
    expect(told.sort()).toEqual(expected.sort());
  }, 300_000);
});
