import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { Redis } from "ioredis";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { leadCreated, noteOn } from "../../../tests/helpers/events";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { type Message, startStandardReceiver, verifyHeaders } from "../../../tests/helpers/standard-receiver";
import { belowHorizon, deleteStreamKeys, testStreamName, waitFor } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import type { CreatedOrg } from "../orgs/create-org";
import { runRelay } from "../relay/run-relay";
import { createStreamsRedis, whenReady } from "../relay/streams-redis";
import { claimHeads } from "./claim";
import { createEndpoint } from "./create-endpoint";
import type { DeliveryConfig } from "./delivery-config";
import { deliveryPass } from "./delivery-pass";
import { dispatchPass } from "./dispatch";
import type { EndpointFields } from "./endpoint-input";
import { listAttempts } from "./list-attempts";
import { redeliver } from "./redeliver";
import { rotateSecret } from "./rotate-secret";
import { sendTest } from "./send-test";

// Per-org webhooks end to end on the real Postgres and Redis: events appended through the API, the
// relay, the dispatcher, the delivery pass, a local receiver that verifies each message with the
// `standardwebhooks` package as any receiver would.

let db: TestDb;
let redis: Redis;
let stream: string;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
let receiver: Awaited<ReturnType<typeof startStandardReceiver>>;

const PRIVATE = { policy: { allowPrivate: true, allowLoopback: false } };
const cfg: DeliveryConfig = { timeoutMs: 2000, maxAttempts: 3, retryBaseMs: 1000, policy: PRIVATE.policy };
const fields = (over: Partial<EndpointFields> = {}): EndpointFields => ({ url: receiver.url, description: "", event_types: null, loop_changes: [], enabled: true, ...over });

beforeAll(async () => {
  db = await createTestDb();
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
  stream = testStreamName("webhooks");
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Hook A"), newOrg(db.pool, "Hook B")]);
  receiver = await startStandardReceiver();
});
afterEach(async () => {
  // Each test's endpoints are its own: the next test's entries must not reach them.
  await db.pool.query("UPDATE webhook_endpoints SET enabled = false");
  receiver.received.length = 0;
  receiver.setRespond(() => 204);
});
afterAll(async () => {
  await deleteStreamKeys(redis, stream);
  redis.disconnect();
  await receiver.close();
  await db?.drop();
});

/** Relay everything committed, dispatch it, and run delivery passes until nothing is due at `now`. */
async function flow(now: () => Date = () => new Date()) {
  await belowHorizon(db.pool);
  await runRelay(db.pool, redis, { stream, maxLen: 100_000 });
  await dispatchPass(db.pool, redis, { stream });
  return deliveryPass(db.pool, { ...cfg, now });
}

const at = (ms: number) => () => new Date(Date.now() + ms);
const verify = (secret: string, m: Message) => new Webhook(secret).verify(m.raw, verifyHeaders(m.headers));
const owner = (o: CreatedOrg) => ({ orgId: o.orgId, userId: o.userId });

describe("per-org webhook delivery", () => {
  it("each endpoint gets only its own org's entries, in entity order, signed as Standard Webhooks", async () => {
    const a = await createEndpoint(db.pool, owner(orgA), fields({ url: `${receiver.url}?org=a` }), new Date(), PRIVATE);
    const b = await createEndpoint(db.pool, owner(orgB), fields({ url: `${receiver.url}?org=b` }), new Date(), PRIVATE);
    expect(a.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const deal = { type: "deal" as const, id: randomUUID() };
    const eventsA = [leadCreated({ primary_entity: deal }), noteOn(deal, "one"), noteOn(deal, "two")];
    const eventsB = [leadCreated(), leadCreated()];
    await apiCaller(db.pool, orgA).events.appendBatch({ events: eventsA });
    await apiCaller(db.pool, orgB).events.appendBatch({ events: eventsB });

    const pass = await flow();
    expect(pass).toMatchObject({ delivered: 5, failed: 0 });
    const toA = receiver.received.filter((m) => m.headers["user-agent"] && m.body.data.org_id === orgA.orgId);
    const toB = receiver.received.filter((m) => m.body.data.org_id === orgB.orgId);
    expect(toA.map((m) => m.id)).toEqual(eventsA.map((e) => e.id));
    expect(toB.map((m) => m.id).sort()).toEqual(eventsB.map((e) => e.id).sort());
    expect(receiver.received).toHaveLength(5); // nobody got another org's entry
    // Each endpoint verifies its own messages with its own secret, and not the other's.
    for (const m of toA) expect(verify(a.secret, m)).toMatchObject({ type: m.body.type });
    for (const m of toB) expect(() => verify(a.secret, m)).toThrow(/signature/i);
    for (const m of toB) expect(verify(b.secret, m)).toEqual(JSON.parse(m.raw));
    const first = toA[0]!;
    expect(first.body).toMatchObject({
      type: "event.lead_created",
      timestamp: eventsA[0]!.occurred_at,
      data: { event_id: eventsA[0]!.id, org_id: orgA.orgId, event_type: "lead_created", entity_type: "deal", entity_id: deal.id, payload: eventsA[0]!.payload },
    });
    expect(first.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    // The log: one successful attempt per message.
    const log = await listAttempts(db.pool, orgA.orgId, a.endpoint.id, { limit: 10 });
    expect(log.items.map((i) => [i.message_id, i.attempt, i.ok, i.status_code, i.delivery_status])).toEqual(
      [...eventsA].reverse().map((e) => [e.id, 1, true, 204, "delivered"]),
    );
  });

  it("an endpoint gets only the event types it asked for; a disabled one gets nothing", async () => {
    const notes = await createEndpoint(db.pool, owner(orgA), fields({ event_types: ["note_added"] }), new Date(), PRIVATE);
    const off = await createEndpoint(db.pool, owner(orgA), fields({ url: `${receiver.url}?off`, enabled: false }), new Date(), PRIVATE);
    const deal = { type: "deal" as const, id: randomUUID() };
    const note = noteOn(deal);
    await apiCaller(db.pool, orgA).events.appendBatch({ events: [leadCreated({ primary_entity: deal }), note] });
    await flow();
    expect(receiver.received.map((m) => m.id)).toEqual([note.id]);
    expect(verify(notes.secret, receiver.received[0]!)).toMatchObject({ type: "event.note_added" });
    expect((await listAttempts(db.pool, orgA.orgId, off.endpoint.id, { limit: 10 })).items).toEqual([]);
  });

  it("failures are retried with backoff, in entity order, then dead; a redelivery sends the same webhook-id again", async () => {
    const ep = await createEndpoint(db.pool, owner(orgB), fields(), new Date(), PRIVATE);
    receiver.setRespond(() => 500);
    const deal = { type: "deal" as const, id: randomUUID() };
    const [lead, note] = [leadCreated({ primary_entity: deal }), noteOn(deal)];
    await apiCaller(db.pool, orgB).events.appendBatch({ events: [lead, note] });

    await flow();
    expect(receiver.received.map((m) => m.id)).toEqual([lead.id]); // the note waits behind the failing lead
    // Not due again before its retry delay (1 s), then due: 1 s, 2 s later…
    await deliveryPass(db.pool, { ...cfg, now: at(500) });
    expect(receiver.received).toHaveLength(1);
    await deliveryPass(db.pool, { ...cfg, now: at(1100) });
    await deliveryPass(db.pool, { ...cfg, now: at(1100 + 2100) });
    // Dead after 3 attempts: in the same pass the note, next in line, is tried (and fails too)…
    expect(receiver.received.map((m) => m.id)).toEqual([lead.id, lead.id, lead.id, note.id]);
    // …and with the receiver fixed, its retry is delivered.
    receiver.setRespond(() => 204);
    await deliveryPass(db.pool, { ...cfg, now: at(1100 + 2100 + 1100) });
    expect(receiver.received.map((m) => m.id)).toEqual([lead.id, lead.id, lead.id, note.id, note.id]);
    const log = await listAttempts(db.pool, orgB.orgId, ep.endpoint.id, { limit: 10 });
    expect(log.items.map((i) => [i.message_id, i.attempt, i.status_code, i.delivery_status])).toEqual([
      [note.id, 2, 204, "delivered"],
      [note.id, 1, 500, "delivered"],
      [lead.id, 3, 500, "dead"],
      [lead.id, 2, 500, "dead"],
      [lead.id, 1, 500, "dead"],
    ]);
    expect(log.items[2]!.error).toBe("HTTP 500");

    const again = await redeliver(db.pool, orgB.orgId, ep.endpoint.id, log.items[2]!.delivery_id, cfg, () => new Date());
    expect(again.attempt).toMatchObject({ ok: true, statusCode: 204, status: "delivered", attempt: 1 });
    const resent = receiver.received.at(-1)!;
    expect(resent.id).toBe(lead.id);
    expect(verify(ep.secret, resent)).toMatchObject({ type: "event.lead_created", data: { event_id: lead.id } });
  });

  it("send a test event: a signed webhook.test message, logged", async () => {
    const ep = await createEndpoint(db.pool, owner(orgA), fields(), new Date(), PRIVATE);
    const out = await sendTest(db.pool, orgA.orgId, ep.endpoint.id, cfg, () => new Date());
    expect(out.attempt).toMatchObject({ ok: true, statusCode: 204 });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.id).toBe(out.message_id);
    expect(verify(ep.secret, receiver.received[0]!)).toMatchObject({ type: "webhook.test", data: { endpoint_id: ep.endpoint.id } });
    receiver.setRespond(() => 503);
    const failed = await sendTest(db.pool, orgA.orgId, ep.endpoint.id, cfg, () => new Date());
    expect(failed.attempt).toMatchObject({ ok: false, statusCode: 503, status: "pending", error: "HTTP 503" });
    // Sent again while it waits for its retry: retried now, the same message (its second attempt).
    receiver.setRespond(() => 204);
    const again = await redeliver(db.pool, orgA.orgId, ep.endpoint.id, failed.delivery_id, cfg, () => new Date());
    expect(again).toMatchObject({ delivery_id: failed.delivery_id, attempt: { ok: true, attempt: 2, status: "delivered" } });
    expect(receiver.received.map((m) => m.id)).toEqual([out.message_id, failed.message_id, failed.message_id]);
  });

  it("rotation: both signatures during the overlap, each verifying; only the new one after", async () => {
    const ep = await createEndpoint(db.pool, owner(orgA), fields(), new Date(), PRIVATE);
    const rotated = await rotateSecret(db.pool, orgA.orgId, ep.endpoint.id, 24, new Date());
    expect(rotated.secret).not.toBe(ep.secret);
    expect(new Date(rotated.previous_secret_expires_at!).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await sendTest(db.pool, orgA.orgId, ep.endpoint.id, cfg, () => new Date());
    const during = receiver.received.at(-1)!;
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(ep.secret, during)).toEqual(JSON.parse(during.raw));
    expect(verify(rotated.secret, during)).toEqual(JSON.parse(during.raw));

    // The overlap over (its end moved into the past): the old secret no longer verifies.
    await db.pool.query("UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1", [ep.endpoint.id]);
    await sendTest(db.pool, orgA.orgId, ep.endpoint.id, cfg, () => new Date());
    const after = receiver.received.at(-1)!;
    expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(verify(rotated.secret, after)).toEqual(JSON.parse(after.raw));
    expect(() => verify(ep.secret, after)).toThrow(/signature/i);
    // A rotation without overlap ends the previous secret at once.
    const hard = await rotateSecret(db.pool, orgA.orgId, ep.endpoint.id, 0, new Date());
    expect(hard.previous_secret_expires_at).toBeNull();
    await sendTest(db.pool, orgA.orgId, ep.endpoint.id, cfg, () => new Date());
    expect(() => verify(rotated.secret, receiver.received.at(-1)!)).toThrow(/signature/i);
    expect(verify(hard.secret, receiver.received.at(-1)!)).toEqual(JSON.parse(receiver.received.at(-1)!.raw));
  });

  it("a worker killed mid-delivery: its lease runs out and the message is sent again (at least once)", async () => {
    const ep = await createEndpoint(db.pool, owner(orgB), fields(), new Date(), PRIVATE);
    const lead = leadCreated();
    await apiCaller(db.pool, orgB).events.append(lead);
    await belowHorizon(db.pool);
    await runRelay(db.pool, redis, { stream, maxLen: 100_000 });
    await dispatchPass(db.pool, redis, { stream });
    // A worker claimed it and died before any answer: nobody else takes it while the lease lasts.
    const lease = new Date(Date.now() + 60_000);
    expect(await claimHeads(db.pool, ep.endpoint.id, new Date(), lease, 4)).toHaveLength(1);
    await deliveryPass(db.pool, { ...cfg, now: () => new Date() });
    expect(receiver.received).toEqual([]);
    // Past the lease, the next pass sends it: the attempt the dead worker took counts.
    await deliveryPass(db.pool, { ...cfg, now: () => new Date(lease.getTime() + 1) });
    expect(receiver.received.map((m) => m.id)).toEqual([lead.id]);
    const log = await listAttempts(db.pool, orgB.orgId, ep.endpoint.id, { limit: 5 });
    expect(log.items.map((i) => [i.attempt, i.ok])).toEqual([[2, true]]);
  });

  it("a delivery worker SIGKILLed while its POST is in flight: the message is sent again after the lease (at least once)", async () => {
    const ep = await createEndpoint(db.pool, owner(orgB), fields(), new Date(), PRIVATE);
    const lead = leadCreated();
    await apiCaller(db.pool, orgB).events.append(lead);
    await belowHorizon(db.pool);
    await runRelay(db.pool, redis, { stream, maxLen: 100_000 });
    await dispatchPass(db.pool, redis, { stream });
    receiver.setRespond(() => "hang"); // the POST arrives, its answer never comes: the worker is mid-delivery
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../../../tests/helpers/webhook-delivery-loop.ts")], {
      env: { ...process.env, DATABASE_URL: db.url, SKIP_ENV_VALIDATION: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const exited = new Promise((r) => child.once("exit", r));
    try {
      await waitFor(async () => receiver.received.length === 1, 60_000);
      child.kill("SIGKILL");
      await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    receiver.setRespond(() => 204);
    const row = async () => (await db.pool.query<{ status: string; attempts: number; leased_until: Date }>("SELECT status, attempts, leased_until FROM webhook_deliveries WHERE endpoint_id = $1", [ep.endpoint.id])).rows[0]!;
    const left = await row();
    expect(left).toMatchObject({ status: "pending", attempts: 1 });
    // Nobody else takes it while the dead worker's lease lasts; after it, the next pass does.
    await deliveryPass(db.pool, { ...cfg, now: () => new Date() });
    expect(receiver.received).toHaveLength(1);
    await deliveryPass(db.pool, { ...cfg, now: () => new Date(left.leased_until.getTime() + 1) });
    expect(receiver.received.map((m) => m.id)).toEqual([lead.id, lead.id]);
    expect(await row()).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("Redis down: dispatching fails and moves nothing; made messages are still delivered; nothing is lost after", async () => {
    const ep = await createEndpoint(db.pool, owner(orgA), fields(), new Date(), PRIVATE);
    const [first, second] = [leadCreated(), leadCreated()];
    await apiCaller(db.pool, orgA).events.append(first);
    await belowHorizon(db.pool);
    await runRelay(db.pool, redis, { stream, maxLen: 100_000 });
    await dispatchPass(db.pool, redis, { stream });
    await apiCaller(db.pool, orgA).events.append(second);
    await belowHorizon(db.pool);
    await runRelay(db.pool, redis, { stream, maxLen: 100_000 });

    const down = new Redis({ port: 1, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    down.on("error", () => undefined);
    const checkpoint = async () => (await db.pool.query("SELECT last_id FROM webhook_dispatch_checkpoints WHERE stream = $1", [stream])).rows[0]!.last_id;
    const before = await checkpoint();
    await expect(dispatchPass(db.pool, down, { stream })).rejects.toThrow();
    expect(await checkpoint()).toBe(before);
    await deliveryPass(db.pool, { ...cfg, now: () => new Date() });
    expect(receiver.received.map((m) => m.id)).toEqual([first.id]);
    // Redis back: the second entry is dispatched from where the checkpoint stood.
    await dispatchPass(db.pool, redis, { stream });
    await deliveryPass(db.pool, { ...cfg, now: () => new Date() });
    expect(receiver.received.map((m) => m.id)).toEqual([first.id, second.id]);
    expect((await listAttempts(db.pool, orgA.orgId, ep.endpoint.id, { limit: 5 })).items.map((i) => [i.message_id, i.ok])).toEqual([
      [second.id, true],
      [first.id, true],
    ]);
  });

  it("with no endpoint enabled anywhere the dispatcher skips to the stream's end; an endpoint gets what is relayed after it", async () => {
    const before = leadCreated();
    await apiCaller(db.pool, orgA).events.append(before);
    await belowHorizon(db.pool);
    await runRelay(db.pool, redis, { stream, maxLen: 100_000 });
    const rowsBefore = (await db.pool.query("SELECT count(*)::int AS n FROM webhook_deliveries")).rows[0].n;
    expect(await dispatchPass(db.pool, redis, { stream })).toMatchObject({ caughtUp: true, messages: 0 });
    const top = (await redis.xrevrange(stream, "+", "-", "COUNT", 1))[0]![0];
    expect((await db.pool.query("SELECT last_id FROM webhook_dispatch_checkpoints WHERE stream = $1", [stream])).rows[0].last_id).toBe(top);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM webhook_deliveries")).rows[0].n).toBe(rowsBefore);
    await createEndpoint(db.pool, owner(orgA), fields(), new Date(), PRIVATE);
    const after = leadCreated();
    await apiCaller(db.pool, orgA).events.append(after);
    await flow();
    expect(receiver.received.map((m) => m.id)).toEqual([after.id]);
  });

  it("two dispatchers at once copy each entry once", async () => {
    const ep = await createEndpoint(db.pool, owner(orgA), fields(), new Date(), PRIVATE);
    const events = Array.from({ length: 30 }, () => leadCreated());
    await apiCaller(db.pool, orgA).events.appendBatch({ events });
    await belowHorizon(db.pool);
    await runRelay(db.pool, redis, { stream, maxLen: 100_000 });
    const other = await whenReady(createStreamsRedis(TEST_REDIS_URL));
    try {
      await Promise.all([
        dispatchPass(db.pool, redis, { stream, batchSize: 7 }),
        dispatchPass(db.pool, other, { stream, batchSize: 7 }),
        dispatchPass(db.pool, redis, { stream, batchSize: 7 }),
      ]);
      await dispatchPass(db.pool, redis, { stream });
    } finally {
      other.disconnect();
    }
    const rows = await db.pool.query<{ message_id: string }>("SELECT message_id FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id", [ep.endpoint.id]);
    expect(rows.rows.map((r) => r.message_id)).toEqual(events.map((e) => e.id));
  });
});
