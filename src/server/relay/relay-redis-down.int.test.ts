import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventOf } from "../../../tests/helpers/events";
import { startPrivateRedis } from "../../../tests/helpers/private-redis";
import { belowHorizon, readStream, testStreamName, waitFor } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendEvents } from "../events/append";
import { checkHealth } from "../health/check-health";
import { redisPing } from "../redis/client";
import { runPass } from "../worker/pass";
import { withBackoff } from "../worker/backoff";
import { streamsHealth } from "../health/streams-health";
import { runRelay } from "./run-relay";
import { createStreamsRedis, whenReady } from "./streams-redis";

let db: TestDb;
let priv: Awaited<ReturnType<typeof startPrivateRedis>>;
let redis: Redis;
const stream = testStreamName("relay-down");
const opts = { stream, maxLen: 1_000_000, batchSize: 50 };
const orgId = randomUUID();

beforeAll(async () => {
  db = await createTestDb();
  priv = await startPrivateRedis();
  redis = await whenReady(createStreamsRedis(priv.url, 1000));
});
afterAll(async () => {
  redis?.disconnect();
  await priv?.dispose(); // the private server and its data directory go away with it
  await db?.drop();
});

const append = (n: number) => appendEvents(db.pool, { orgId }, Array.from({ length: n }, () => eventOf("quote_sent")));
/** Another file's open transaction holds the (cluster-wide) horizon back: wait before counting. */
const appendVisible = async (n: number) => {
  const out = await append(n);
  await belowHorizon(db.pool);
  return out;
};
const logOrder = async () => (await db.pool.query<{ id: string }>("SELECT id FROM system_events ORDER BY tx_id, position")).rows.map((r) => r.id);
const streamIds = async () => (await readStream(redis, stream)).map((e) => e.fields.event_id);
const reconnected = () => waitFor(async () => redis.status === "ready", 30_000);

describe("relay while Redis is down", () => {
  it("appends succeed, the pass fails and backs off, health shows Redis down and the lag; the backlog drains once Redis is back", async () => {
    let t = 0;
    const relayJob = withBackoff("relay", () => runRelay(db.pool, redis, opts), { now: () => t, baseMs: 1000 });
    const health = () =>
      checkHealth(db.pool, redisPing(redis), new Date(), [() => streamsHealth(db.pool, redis, { stream, group: null }, new Date(), { relay: relayJob.state })]);

    await appendVisible(20);
    expect((await runPass([relayJob])).relay).toMatchObject({ ok: true, result: { processed: 20 } });

    await priv.stop();
    for (let i = 0; i < 10; i++) await expect(append(10)).resolves.toHaveLength(10); // Postgres is the system of record
    const failed = await runPass([relayJob]);
    expect(failed.relay?.ok).toBe(false);
    const again = await runPass([relayJob]); // still inside the backoff window: Redis is not touched
    expect(again.relay).toMatchObject({ ok: false, error: expect.stringContaining("backing off after 1 failed pass") });

    const down = await health();
    expect(down).toMatchObject({ status: "degraded", redis: { configured: true, up: false } });
    expect(down.relay).toMatchObject({ configured: true, lagEvents: 100, streamLength: null, failingPasses: 1 });

    await priv.restart(); // same port, same AOF directory: the stream and the relay checkpoint survive
    await reconnected();
    await belowHorizon(db.pool);
    t += 60_000;
    expect((await runPass([relayJob])).relay).toMatchObject({ ok: true, result: { processed: 100, caughtUp: true } });
    const ids = await streamIds();
    expect(ids).toHaveLength(120);
    expect(ids).toEqual(await logOrder());
    const up = await health();
    expect(up).toMatchObject({ redis: { up: true }, relay: { lagEvents: 0, streamLength: 120 } });
  });

  it("a frozen Redis (SIGSTOP) fails the pass by timeout instead of hanging it; it drains after SIGCONT", async () => {
    await appendVisible(10);
    priv.freeze();
    try {
      await expect(append(10)).resolves.toHaveLength(10);
      await expect(runRelay(db.pool, redis, opts)).rejects.toThrow(/timed out/i);
    } finally {
      priv.thaw();
    }
    await belowHorizon(db.pool);
    await waitFor(async () => (await runRelay(db.pool, redis, opts).catch(() => null))?.caughtUp, 30_000, 100);
    const ids = await streamIds();
    expect(ids).toHaveLength(140);
    expect(ids).toEqual(await logOrder());
  });

  it("a Redis that lost its script cache: the pipelined scripts fall back to EVAL, each entry still once", async () => {
    const before = await streamIds();
    await redis.script("FLUSH");
    const fresh = await appendVisible(9);
    expect(await runRelay(db.pool, redis, { ...opts, maxScriptBytes: 700 })).toMatchObject({ processed: 9 }); // ~2 entries per script
    expect(await streamIds()).toEqual([...before, ...fresh.map((r) => r.event.id)]);
  });

  it("a Redis that comes back empty: the relay resumes from its Postgres checkpoint copy, not from the start of the log", async () => {
    const relayed = await logOrder();
    await priv.restart({ wiped: true });
    await reconnected();
    expect(await redis.exists(stream)).toBe(0);
    const fresh = await appendVisible(7);
    const run = await runRelay(db.pool, redis, opts);
    expect(run).toMatchObject({ processed: 7, caughtUp: true });
    expect(run.resumedFromPostgres).toBeGreaterThan(0);
    expect(await streamIds()).toEqual(fresh.map((r) => r.event.id)); // no re-publication of the 149 already relayed
    expect(relayed).toHaveLength(149);
  });
});
