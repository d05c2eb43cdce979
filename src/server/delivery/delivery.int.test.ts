import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { deleteStreamKeys, readStream, testStreamName, waitFor } from "../../../tests/helpers/streams";
import { startReceiver } from "../../../tests/helpers/webhook-receiver";
import type { StoredEvent } from "../events/stored-event";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { streamsHealth } from "../health/streams-health";
import { createStreamsRedis, whenReady } from "../relay/streams-redis";
import { streamFieldPairs } from "../relay/stream-fields";
import { deadLetterStream, pruneIdleConsumers, readNew } from "./consumer-group";
import { type DeliveryOptions, runDelivery } from "./run-delivery";

const SECRET = "test-webhook-secret-0123456789";
let redis: Redis;
const streams: string[] = [];
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let db: TestDb;

beforeAll(async () => {
  db = await createTestDb(2);
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
  receiver = await startReceiver(SECRET);
});
afterEach(() => {
  receiver.received.length = 0;
  receiver.setRespond(() => 200);
});
afterAll(async () => {
  for (const s of streams) await deleteStreamKeys(redis, s);
  redis.disconnect();
  await receiver.close();
  await db?.drop();
});

let position = 0;
/** Stream entries as the relay writes them, for `entities` entities round-robin. */
async function streamWith(n: number, entities = 3): Promise<{ stream: string; ids: string[] }> {
  const stream = testStreamName("delivery");
  streams.push(stream);
  const entityIds = Array.from({ length: entities }, () => randomUUID());
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = {
      id: randomUUID(),
      org_id: randomUUID(),
      event_type: "note_added",
      occurred_at: "2026-11-02T09:00:00.000Z",
      actor: { id: randomUUID(), type: "system" },
      primary_entity: { id: entityIds[i % entities]!, type: "deal" },
      payload: { text: `note ${i}` },
      created_at: "2026-11-02T09:00:00.000Z",
      position: ++position,
      entity_version: i + 1,
    } as StoredEvent;
    await redis.xadd(stream, "*", ...streamFieldPairs(e));
    ids.push(e.id);
  }
  return { stream, ids };
}

const options = (stream: string, over: Partial<DeliveryOptions> = {}): DeliveryOptions => ({
  stream,
  group: "n8n",
  consumer: "worker-a",
  url: receiver.url,
  secret: SECRET,
  // Room for a loaded machine (a POST timing out would count as a failed attempt); the timeout test uses 300 ms.
  timeoutMs: 1000,
  reclaimIdleMs: 1100,
  maxAttempts: 3,
  concurrency: 4,
  ...over,
});
const pendingCount = async (stream: string) => ((await redis.xpending(stream, "n8n")) as [number])[0];

describe("delivery to an n8n webhook", () => {
  it("2xx: each entry is POSTed once, signed, and acknowledged once", async () => {
    const { stream, ids } = await streamWith(20);
    const run = await runDelivery(redis, options(stream));
    expect(run).toMatchObject({ delivered: 20, failed: 0, caughtUp: true });
    expect(await pendingCount(stream)).toBe(0);
    expect(await runDelivery(redis, options(stream))).toMatchObject({ delivered: 0, reclaimed: 0 });

    const got = receiver.received;
    expect(got.map((r) => r.eventId).sort()).toEqual([...ids].sort());
    expect(got.every((r) => r.validSignature && r.attempt === 1)).toBe(true);
    const first = got.find((r) => r.eventId === ids[0])!;
    expect(first.body).toMatchObject({ event_id: ids[0], event_type: "note_added", entity_type: "deal", payload: { text: "note 0" }, replayed: false });
    expect(typeof first.body.position).toBe("number");
    // Entries of one entity share a lane: they arrive in stream order.
    const byEntity = new Map<string, number[]>();
    for (const r of got) byEntity.set(String(r.body.entity_id), [...(byEntity.get(String(r.body.entity_id)) ?? []), Number(r.body.position)]);
    for (const positions of byEntity.values()) expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("loop notifications (kind=loop) are acknowledged without a POST: the firehose carries events", async () => {
    const { stream, ids } = await streamWith(2);
    await redis.xadd(stream, "*", "kind", "loop", "notification_id", randomUUID(), "org_id", randomUUID(), "change", "opened", "entity_type", "deal", "entity_id", randomUUID());
    const run = await runDelivery(redis, options(stream));
    expect(run).toMatchObject({ delivered: 2, failed: 0, deadLettered: 0, caughtUp: true });
    expect(receiver.received.map((r) => r.eventId).sort()).toEqual([...ids].sort());
    expect(await pendingCount(stream)).toBe(0);
  });

  it("a forged or stale signature does not verify at the receiver", async () => {
    const { verifySignature, signBody } = await import("./signature");
    const now = Math.floor(Date.now() / 1000);
    const body = '{"event_id":"x"}';
    expect(verifySignature(SECRET, String(now), body, signBody(SECRET, String(now), body), now)).toBe(true);
    expect(verifySignature(SECRET, String(now), body, signBody("another-secret-0123456789", String(now), body), now)).toBe(false);
    expect(verifySignature(SECRET, String(now), `${body} `, signBody(SECRET, String(now), body), now)).toBe(false);
    expect(verifySignature(SECRET, String(now - 3600), body, signBody(SECRET, String(now - 3600), body), now)).toBe(false);
  });

  it("500 then 2xx: retried after its backoff, delivered, acknowledged once", async () => {
    const { stream, ids } = await streamWith(3);
    receiver.setRespond((_r, nth) => (nth === 1 ? 500 : 200));
    const first = await runDelivery(redis, options(stream));
    expect(first).toMatchObject({ delivered: 0, failed: 3, lastError: "HTTP 500" });
    expect(await pendingCount(stream)).toBe(3);
    await waitFor(async () => (await runDelivery(redis, options(stream))).delivered === 3 || null, 30_000, 100);
    expect(await pendingCount(stream)).toBe(0);
    for (const id of ids) expect(receiver.received.filter((r) => r.eventId === id).map((r) => r.attempt)).toEqual([1, 2]);
    expect(await redis.xlen(deadLetterStream(stream))).toBe(0);
  });

  it("always failing: moved to the dead-letter stream after maxAttempts, with the error, and acknowledged", async () => {
    const { stream, ids } = await streamWith(1);
    receiver.setRespond(() => 500);
    await waitFor(async () => {
      await runDelivery(redis, options(stream));
      return (await redis.xlen(deadLetterStream(stream))) === 1;
    }, 30_000, 100);
    expect(receiver.received.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(await pendingCount(stream)).toBe(0);
    const [dead] = await readStream(redis, deadLetterStream(stream));
    expect(dead!.fields).toMatchObject({ event_id: ids[0], error: "HTTP 500", attempts: "3", group: "n8n" });
    const [source] = await readStream(redis, stream);
    expect(dead!.fields.source_id).toBe(source!.id);
    await runDelivery(redis, options(stream));
    expect(receiver.received).toHaveLength(3);
  });

  it("a timeout counts as a failed attempt and is retried", async () => {
    const { stream, ids } = await streamWith(1);
    receiver.setRespond((_r, nth) => (nth === 1 ? "hang" : 200));
    const fast = { timeoutMs: 300, reclaimIdleMs: 400 };
    expect(await runDelivery(redis, options(stream, fast))).toMatchObject({ failed: 1, lastError: "timed out after 300 ms" });
    await waitFor(async () => (await runDelivery(redis, options(stream, fast))).delivered === 1 || null, 30_000, 100);
    expect(receiver.received.filter((r) => r.eventId === ids[0]).map((r) => r.attempt)).toEqual([1, 2]);
    expect(await pendingCount(stream)).toBe(0);
  });

  it("entries held by a consumer that died are reclaimed by another after the min-idle time", async () => {
    const { stream, ids } = await streamWith(3);
    await runDelivery(redis, options(stream, { url: "http://127.0.0.1:9/unused", maxMs: 0 })); // creates the group only
    const ghost = await readNew(redis, stream, "n8n", "ghost", 10); // reads, then never acknowledges
    expect(ghost).toHaveLength(3);
    const early = await runDelivery(redis, options(stream));
    expect(early).toMatchObject({ delivered: 0, reclaimed: 0 });
    await waitFor(async () => (await runDelivery(redis, options(stream))).reclaimed === 3 || null, 30_000, 100);
    expect(receiver.received.map((r) => r.eventId).sort()).toEqual([...ids].sort());
    expect(receiver.received.every((r) => r.attempt === 2 && r.validSignature)).toBe(true);
    expect(await pendingCount(stream)).toBe(0);
  });

  it("a pass that stops early (endpoint down) hands unsent entries back without charging an attempt", async () => {
    const { stream } = await streamWith(12, 12);
    receiver.setRespond(() => 500);
    const down = await runDelivery(redis, options(stream, { concurrency: 1 }));
    expect(down).toMatchObject({ failed: 3, delivered: 0 }); // stops after three failures in a row
    receiver.setRespond(() => 200);
    await waitFor(async () => {
      await runDelivery(redis, options(stream, { concurrency: 1 }));
      return (await pendingCount(stream)) === 0;
    }, 30_000, 100);
    expect(receiver.received.filter((r) => r.attempt === 2)).toHaveLength(3); // the three that did fail
    expect(receiver.received.filter((r) => r.attempt > 2)).toHaveLength(0);
    expect(new Set(receiver.received.filter((r) => r.attempt === 1).map((r) => r.eventId)).size).toBe(12);
  });

  it("health shows the group's pending, retrying and dead-letter figures, and nothing of any org", async () => {
    const { stream, ids } = await streamWith(3);
    receiver.setRespond((r) => (r.eventId === ids[0] ? 500 : 200));
    const health = async () => (await streamsHealth(db.pool, redis, { stream, group: "n8n" }, new Date())).delivery;
    expect(await health()).toMatchObject({ configured: true, status: "ok", pending: 0, undelivered: 3, deadLetters: 0 });
    await runDelivery(redis, options(stream));
    expect(await health()).toMatchObject({ pending: 1, undelivered: 0, deadLetters: 0 });
    await waitFor(async () => (await runDelivery(redis, options(stream))).failed === 1 || null, 30_000, 100); // second attempt
    expect(await health()).toMatchObject({ status: "retrying", pending: 1 });
    await waitFor(async () => (await runDelivery(redis, options(stream))).deadLettered === 1 || null, 30_000, 100);
    const after = await streamsHealth(db.pool, redis, { stream, group: "n8n" }, new Date());
    expect(after.delivery).toMatchObject({ status: "ok", pending: 0, undelivered: 0, deadLetters: 1 });
    expect(after.relay).toMatchObject({ streamLength: 3, lagEvents: 0 });
    const [entry] = await readStream(redis, stream);
    expect(JSON.stringify(after)).not.toContain(entry!.fields.org_id!);
  });

  it("forgets consumers of past processes that hold nothing, keeps those still holding entries", async () => {
    const { stream } = await streamWith(1);
    await runDelivery(redis, options(stream, { url: "http://127.0.0.1:9/unused", maxMs: 0 })); // creates the group only
    expect(await readNew(redis, stream, "n8n", "holding", 10)).toHaveLength(1);
    await redis.xgroup("CREATECONSUMER", stream, "n8n", "empty"); // a past process that held nothing
    const names = async () => ((await redis.xinfo("CONSUMERS", stream, "n8n")) as string[][]).map((c) => c[1]).sort();
    expect(await names()).toEqual(["empty", "holding"]);
    await new Promise((r) => setTimeout(r, 60));
    expect(await pruneIdleConsumers(redis, stream, "n8n", 50)).toBe(1);
    expect(await names()).toEqual(["holding"]);
  });
});

describe("DELIVERY_ACK: what counts as delivered", () => {
  const NO_ECHO = "2xx without the event-id echo (DELIVERY_ACK=echo)";

  it("echo: a 2xx answering {received: <event id>} is acknowledged once", async () => {
    const { stream, ids } = await streamWith(4);
    expect(await runDelivery(redis, options(stream, { ack: "echo" }))).toMatchObject({ delivered: 4, failed: 0 });
    expect(await pendingCount(stream)).toBe(0);
    expect(receiver.received.map((r) => r.eventId).sort()).toEqual([...ids].sort());
    expect(await redis.xlen(deadLetterStream(stream))).toBe(0);
  });

  it("echo: an empty 200 (n8n's answer when the workflow fails before its Respond node) is retried, then dead-lettered", async () => {
    const { stream, ids } = await streamWith(1);
    receiver.setRespond(() => ({ status: 200, body: "" }));
    const first = await runDelivery(redis, options(stream, { ack: "echo" }));
    expect(first).toMatchObject({ delivered: 0, failed: 1, lastError: `${NO_ECHO}: HTTP 200 with an empty body` });
    expect(await pendingCount(stream)).toBe(1);
    await waitFor(async () => {
      await runDelivery(redis, options(stream, { ack: "echo" }));
      return (await redis.xlen(deadLetterStream(stream))) === 1;
    }, 30_000, 100);
    expect(receiver.received.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(await pendingCount(stream)).toBe(0);
    const [dead] = await readStream(redis, deadLetterStream(stream));
    expect(dead!.fields).toMatchObject({ event_id: ids[0], attempts: "3", error: `${NO_ECHO}: HTTP 200 with an empty body` });
  });

  it("echo: a 200 echoing another event's id, then the right echo: delivered on the second attempt", async () => {
    const { stream } = await streamWith(1);
    const other = randomUUID();
    receiver.setRespond((_r, nth) => (nth === 1 ? { status: 200, body: JSON.stringify({ received: other }) } : 200));
    expect(await runDelivery(redis, options(stream))).toMatchObject({ delivered: 0, failed: 1 });
    await waitFor(async () => (await runDelivery(redis, options(stream))).delivered === 1 || null, 30_000, 100);
    expect(receiver.received.map((r) => r.attempt)).toEqual([1, 2]);
    expect(await pendingCount(stream)).toBe(0);
  });

  it("echo: a 200 with an endless answer fails without buffering it", async () => {
    const { stream } = await streamWith(1);
    receiver.setRespond(() => ({ status: 200, body: "x".repeat(5 * 1024 * 1024) }));
    const run = await runDelivery(redis, options(stream, { ack: "echo" }));
    expect(run).toMatchObject({ delivered: 0, failed: 1, lastError: `${NO_ECHO}: HTTP 200 with an answer over 16 KiB` });
    expect(await pendingCount(stream)).toBe(1);
  });

  it("status: any 2xx is enough, an empty 200 included", async () => {
    const { stream, ids } = await streamWith(3);
    receiver.setRespond(() => ({ status: 200, body: "" }));
    expect(await runDelivery(redis, options(stream, { ack: "status" }))).toMatchObject({ delivered: 3, failed: 0 });
    expect(await pendingCount(stream)).toBe(0);
    expect(receiver.received.map((r) => r.eventId).sort()).toEqual([...ids].sort());
    receiver.setRespond(() => 503);
    const more = await streamWith(1);
    expect(await runDelivery(redis, options(more.stream, { ack: "status" }))).toMatchObject({ delivered: 0, failed: 1, lastError: "HTTP 503" });
  });
});
