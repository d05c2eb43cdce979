import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventOf, noteOn } from "../../../tests/helpers/events";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { belowHorizon, deleteStreamKeys, readStream, testStreamName } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendEvents } from "../events/append";
import { loadCheckpoint } from "../subscriptions/checkpoint";
import { NulInEntryError, appendBatch, eventTarget } from "./append-batch";
import { readRedisCheckpoint, relaySubscriberId } from "./redis-checkpoint";
import { replayEvents } from "./replay";
import { relayLockKey, runRelay } from "./run-relay";
import { createStreamsRedis, whenReady } from "./streams-redis";

let db: TestDb;
let redis: Redis;
const stream = testStreamName("relay");
const opts = { stream, maxLen: 1_000_000 };
const orgId = randomUUID();

beforeAll(async () => {
  db = await createTestDb();
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
});
afterAll(async () => {
  await deleteStreamKeys(redis, stream);
  redis.disconnect();
  await db?.drop();
});

/** Appends, then waits until a relay can see them (another file's open transaction holds the horizon back). */
async function append(n: number) {
  const out = await appendEvents(db.pool, { orgId }, Array.from({ length: n }, () => eventOf("quote_sent")));
  await belowHorizon(db.pool);
  return out;
}

const TRICKY = 'first call: "quoted", back\\slash, tab\tnew\nline, \u0001, émoji 🎉, 中文, \u2028, </script>';

describe("Redis Streams relay", () => {
  it("appends every event once, in log order, as flat string fields", async () => {
    const deal = { id: randomUUID(), type: "deal" as const };
    const stored = await appendEvents(db.pool, { orgId }, [eventOf("lead_created", { entity: deal }), noteOn(deal, TRICKY)]);
    await belowHorizon(db.pool);
    const run = await runRelay(db.pool, redis, { ...opts, batchSize: 1 });
    expect(run).toMatchObject({ skipped: false, processed: 2, caughtUp: true });

    const entries = await readStream(redis, stream);
    expect(entries.map((e) => e.fields.event_id)).toEqual(stored.map((r) => r.event.id));
    const lead = stored[0]!.event;
    expect(entries[0]!.fields).toEqual({
      kind: "event",
      event_id: lead.id,
      org_id: orgId,
      event_type: "lead_created",
      occurred_at: lead.occurred_at,
      actor_id: lead.actor.id,
      actor_type: lead.actor.type,
      entity_type: "deal",
      entity_id: deal.id,
      position: String(lead.position),
      payload: JSON.stringify(lead.payload),
    });
    // Byte-exact through the script's JSON transport: quotes, escapes, control characters, non-BMP.
    expect(entries[1]!.fields.payload).toBe(JSON.stringify(stored[1]!.event.payload));
    expect(JSON.parse(entries[1]!.fields.payload!)).toEqual({ text: TRICKY });

    expect(await runRelay(db.pool, redis, opts)).toMatchObject({ processed: 0, caughtUp: true });
    expect(await redis.xlen(stream)).toBe(2);
    const last = stored[1]!.event.position;
    expect((await readRedisCheckpoint(redis, stream))?.position).toBe(last);
    expect((await loadCheckpoint(db.pool, relaySubscriberId(stream))).position).toBe(last);
  });

  it("a crash right after Redis accepted a batch adds no duplicate on the next run", async () => {
    const before = await redis.xlen(stream);
    const stored = await append(5);
    const crash = new Error("crashed after the append");
    await expect(
      runRelay(db.pool, redis, {
        ...opts,
        afterAppend: () => {
          throw crash;
        },
      }),
    ).rejects.toBe(crash);
    // Redis took the batch and its checkpoint together; the Postgres copy is one batch behind.
    expect(await redis.xlen(stream)).toBe(before + 5);
    const lastPos = stored.at(-1)!.event.position;
    expect((await readRedisCheckpoint(redis, stream))?.position).toBe(lastPos);
    expect((await loadCheckpoint(db.pool, relaySubscriberId(stream))).position).toBeLessThan(lastPos);

    expect(await runRelay(db.pool, redis, opts)).toMatchObject({ processed: 0 });
    const ids = (await readStream(redis, stream)).map((e) => e.fields.event_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-5)).toEqual(stored.map((r) => r.event.id));
  });

  it("a stale writer (checkpoint moved since it read) appends nothing", async () => {
    const cp = (await readRedisCheckpoint(redis, stream))!;
    const [ev] = await append(1);
    const len = await redis.xlen(stream);
    const stale = { txId: "1", position: 1 };
    const out = await appendBatch(redis, eventTarget(stream), stale, { events: [ev!.event], txIds: ["999999999"] }, opts.maxLen);
    expect(out).toEqual({ ok: false, found: cp });
    expect(await redis.xlen(stream)).toBe(len);
    await runRelay(db.pool, redis, opts);
    expect(await redis.xlen(stream)).toBe(len + 1);
  });

  it("the append script stores every value exactly as given (its zero-terminated encoding); a zero byte is refused, nothing sent", async () => {
    const values = [
      ["", "", ""],
      ['"quoted", [brackets]', "back\\slash \\u0000", "tab\tnew\nline\r\u0001\u007f"],
      ["émoji 🎉👩‍👩‍👧", "中文 日本語", "\u2028\u2029 e\u0301 \uFEFF"],
      ["x".repeat(300_000), JSON.stringify({ text: "a\u0000b" }), "0"],
    ];
    const rows = values.map((v, i) => ({ v, position: i + 1 }));
    const target = { stream: `${stream}:raw`, checkpointKey: `${stream}:raw:checkpoint`, format: { fields: ["a", "b", "c"], values: (r: { v: string[] }) => r.v } };
    const out = await appendBatch(redis, target, null, { events: rows, txIds: rows.map(() => "7") }, opts.maxLen, 100); // a script per entry or two
    expect(out).toMatchObject({ ok: true });
    expect((await readStream(redis, target.stream)).map((e) => [e.fields.a, e.fields.b, e.fields.c])).toEqual(values);
    const bad = { events: [{ v: ["ok", "a\0b", ""], position: 9 }], txIds: ["8"] };
    await expect(appendBatch(redis, target, { txId: "7", position: 4 }, bad, opts.maxLen)).rejects.toThrow(NulInEntryError);
    expect(await redis.xlen(target.stream)).toBe(values.length);
    expect(await redis.hget(target.checkpointKey, "position")).toBe("4");
  });

  it("splits a batch of large payloads into several atomic scripts, ending at the same checkpoint", async () => {
    const before = await redis.xlen(stream);
    const stored = await append(5);
    const run = await runRelay(db.pool, redis, { ...opts, maxScriptBytes: 1 }); // one script per event
    expect(run).toMatchObject({ processed: 5, batches: 1 });
    const ids = (await readStream(redis, stream)).map((e) => e.fields.event_id);
    expect(ids.slice(before)).toEqual(stored.map((r) => r.event.id));
    expect((await readRedisCheckpoint(redis, stream))?.position).toBe(stored.at(-1)!.event.position);
  });

  it("sizes batches by bytes as well as by count", async () => {
    const before = await redis.xlen(stream);
    const stored = await append(30);
    // ~300 bytes per entry: after batches of 5 (the count cap), batches stay under 1,000 bytes.
    const sizes: number[] = [];
    let seen = 0;
    const run = await runRelay(db.pool, redis, {
      ...opts,
      batchSize: 5,
      batchBytes: 1000,
      onBatch: (processed) => {
        sizes.push(processed - seen);
        seen = processed;
      },
    });
    expect(run).toMatchObject({ processed: 30, caughtUp: true });
    expect(sizes.slice(0, 2)).toEqual([5, 5]); // the second was read ahead, before the first's size was known
    expect(Math.max(...sizes.slice(2))).toBeLessThanOrEqual(3);
    const ids = (await readStream(redis, stream)).map((e) => e.fields.event_id);
    expect(ids.slice(before)).toEqual(stored.map((r) => r.event.id));
  });

  it("never overlaps another relay of the same stream", async () => {
    await append(3);
    const holder = await db.pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [relayLockKey(stream)]);
      expect(await runRelay(db.pool, redis, opts)).toMatchObject({ skipped: true, processed: 0 });
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
    expect(await runRelay(db.pool, redis, opts)).toMatchObject({ skipped: false, processed: 3 });
  });

  it("replay re-publishes from a position, marked replayed=1, without moving the checkpoint", async () => {
    const entries = await readStream(redis, stream);
    const from = Number(entries.at(-3)!.fields.position);
    const cp = await readRedisCheckpoint(redis, stream);
    const out = await replayEvents(db.pool, redis, { ...opts, fromPosition: from, batchSize: 2 });
    expect(out).toMatchObject({ published: 3, firstPosition: from });
    const after = await readStream(redis, stream);
    expect(after.slice(-3).map((e) => e.fields)).toEqual(entries.slice(-3).map((e) => ({ ...e.fields, replayed: "1" })));
    expect(await readRedisCheckpoint(redis, stream)).toEqual(cp);
    expect(await runRelay(db.pool, redis, opts)).toMatchObject({ processed: 0 });
  });

  it("with no checkpoint in Redis (a wiped Redis) resumes from the Postgres copy, not from the start", async () => {
    await deleteStreamKeys(redis, stream);
    const fresh = await append(4);
    const run = await runRelay(db.pool, redis, opts);
    expect(run.processed).toBe(4);
    expect(run.resumedFromPostgres).toBeGreaterThan(0);
    expect((await readStream(redis, stream)).map((e) => e.fields.event_id)).toEqual(fresh.map((r) => r.event.id));
  });
});
