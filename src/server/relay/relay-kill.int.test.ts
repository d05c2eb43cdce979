import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventOf } from "../../../tests/helpers/events";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { belowHorizon, deleteStreamKeys, readStream, testStreamName } from "../../../tests/helpers/streams";
import { lineWaiter } from "../../../tests/helpers/child-lines";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendEvents } from "../events/append";
import { loadCheckpoint } from "../subscriptions/checkpoint";
import { readRedisCheckpoint, relaySubscriberId } from "./redis-checkpoint";
import { runRelay } from "./run-relay";
import { createStreamsRedis, whenReady } from "./streams-redis";

let db: TestDb;
let redis: Redis;
const stream = testStreamName("relay-kill");
const LOOP = path.resolve(import.meta.dirname, "../../../tests/helpers/relay-loop.ts");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await createTestDb();
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
});
afterAll(async () => {
  await deleteStreamKeys(redis, stream);
  redis.disconnect();
  await db?.drop();
});

/** Starts the relay loop (one node process, so SIGKILL really kills it) and resolves on `line`-count. */
function startRelayChild(holdMs: number): { child: ChildProcess; waitLines: (match: string, n: number) => Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", LOOP], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      RELAY_STREAM: stream,
      RELAY_BATCH: "15",
      RELAY_HOLD_MS: String(holdMs),
      // Random kills run with batches split into scripts of about two entries each.
      RELAY_SCRIPT_BYTES: holdMs > 0 ? "" : "700",
      SKIP_ENV_VALIDATION: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { child, waitLines: lineWaiter(child, "relay child") };
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

describe("relay killed at random points", () => {
  it("SIGKILLed repeatedly while events are appended, the stream still holds each event exactly once", async () => {
    const orgId = randomUUID();
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await appendEvents(db.pool, { orgId }, Array.from({ length: 7 }, () => eventOf("quote_sent")));
        written += 7;
        await sleep(3);
      }
    })();

    let windowHits = 0;
    const KILLS = 10;
    for (let k = 0; k < KILLS; k++) {
      // Even kills land just after Redis accepted a batch (the child then pauses before its
      // Postgres commit); odd kills land at a random moment of the loop.
      const targeted = k % 2 === 0;
      const { child, waitLines } = startRelayChild(targeted ? 40 : 0);
      await waitLines("ready", 1);
      if (targeted) await waitLines("appended", 1 + Math.floor(Math.random() * 4));
      else {
        await waitLines("batch", 1);
        await sleep(Math.random() * 60);
      }
      await killed(child);
      const inRedis = await readRedisCheckpoint(redis, stream);
      const inPg = await loadCheckpoint(db.pool, relaySubscriberId(stream));
      if (inRedis && inRedis.position > inPg.position) windowHits++;
    }
    writing = false;
    await writer;
    await belowHorizon(db.pool);
    await runRelay(db.pool, redis, { stream, maxLen: 1_000_000 });

    expect(windowHits).toBeGreaterThan(0); // some kills did land between Redis and Postgres
    const log = await db.pool.query<{ id: string }>("SELECT id FROM system_events ORDER BY tx_id, position");
    expect(log.rows).toHaveLength(written);
    const ids = (await readStream(redis, stream)).map((e) => e.fields.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(log.rows.map((r) => r.id));
  }, 300_000); // each child pays tsx's start-up (seconds on 2 shared cores)
});
