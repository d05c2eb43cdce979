import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventOf, leadCreated } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { startStandardReceiver, verifyHeaders } from "../../../tests/helpers/standard-receiver";
import { belowHorizon, deleteStreamKeys, testStreamName } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import type { CreatedOrg } from "../orgs/create-org";
import { runLoopRelay, runRelay } from "../relay/run-relay";
import { createStreamsRedis, whenReady } from "../relay/streams-redis";
import { createEndpoint } from "./create-endpoint";
import type { DeliveryConfig } from "./delivery-config";
import { deliveryPass } from "./delivery-pass";
import { dispatchPass } from "./dispatch";
import type { EndpointFields } from "./endpoint-input";

// Loop notifications through per-org webhooks: projector → outbox → loop relay → dispatcher →
// delivery → a local receiver that verifies each message with the `standardwebhooks` package.

let db: TestDb;
let redis: Redis;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
let receiver: Awaited<ReturnType<typeof startStandardReceiver>>;
const stream = testStreamName("loop-webhooks");
const PRIVATE = { policy: { allowPrivate: true, allowLoopback: false } };
const cfg: DeliveryConfig = { timeoutMs: 2000, maxAttempts: 3, retryBaseMs: 1000, policy: PRIVATE.policy };
const NOW = new Date("2026-11-20T12:00:00.000Z");
const owner = (o: CreatedOrg) => ({ orgId: o.orgId, userId: o.userId });
const fields = (over: Partial<EndpointFields>): EndpointFields => ({ url: receiver.url, description: "", event_types: [], loop_changes: [], enabled: true, ...over });

beforeAll(async () => {
  db = await createTestDb();
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Loops A"), newOrg(db.pool, "Loops B")]);
  receiver = await startStandardReceiver();
});
afterAll(async () => {
  await deleteStreamKeys(redis, stream);
  redis.disconnect();
  await receiver.close();
  await db?.drop();
});

async function flow() {
  await projectAll(db.pool, () => NOW);
  await belowHorizon(db.pool);
  await runRelay(db.pool, redis, { stream, maxLen: 100_000 });
  await runLoopRelay(db.pool, redis, { stream, maxLen: 100_000 });
  await dispatchPass(db.pool, redis, { stream });
  return deliveryPass(db.pool, { ...cfg, now: () => new Date() });
}

describe("loop notifications as webhooks", () => {
  it("an endpoint subscribed to `opened` gets loop.opened signed, only its own org's, and nothing it did not ask for", async () => {
    const a = await createEndpoint(db.pool, owner(orgA), fields({ url: `${receiver.url}?org=a`, loop_changes: ["opened"] }), new Date(), PRIVATE);
    const b = await createEndpoint(
      db.pool,
      owner(orgB),
      fields({ url: `${receiver.url}?org=b`, loop_changes: ["opened", "escalated", "snoozed", "woke", "closed", "reopened"] }),
      new Date(),
      PRIVATE,
    );
    const deal = { type: "deal" as const, id: randomUUID() };
    const lead = leadCreated({ primary_entity: deal, occurred_at: NOW.toISOString() });
    await apiCaller(db.pool, { orgId: orgA.orgId }, () => NOW).events.append(lead);
    await flow();
    // A quote request closes new_lead and opens quote_needed: A hears only the opening.
    const ask = eventOf("quote_requested", { primary_entity: deal, occurred_at: NOW.toISOString(), payload: {} });
    await apiCaller(db.pool, { orgId: orgA.orgId }, () => NOW).events.append(ask);
    await flow();

    const toA = receiver.received.filter((m) => m.body.data.org_id === orgA.orgId);
    expect(toA.map((m) => [m.body.type, m.body.data.loop_type, m.body.data.caused_by_event_id])).toEqual([
      ["loop.opened", "new_lead", lead.id],
      ["loop.opened", "quote_needed", ask.id],
    ]);
    for (const m of toA) {
      expect(verify(a.secret, m)).toMatchObject({ type: "loop.opened" });
      expect(m.id).toBe(m.body.data.notification_id); // the webhook-id receivers dedupe on
      expect(m.body.timestamp).toBe(m.body.data.changed_at);
    }
    expect(toA[0]!.body.data).toMatchObject({ entity_type: "deal", entity_id: deal.id, status: "active", severity: "medium", suggested_action: "reply_to_lead" });
    // Org B's endpoint, subscribed to every change, never sees org A's.
    // (it would have got A's three changes: opened, closed, opened), and A got nothing more.
    expect(receiver.received).toHaveLength(2);

    // Org B's own change reaches B, and only B.
    await apiCaller(db.pool, { orgId: orgB.orgId }, () => NOW).events.append(leadCreated({ occurred_at: NOW.toISOString() }));
    await flow();
    const toB = receiver.received.filter((m) => m.body.data.org_id === orgB.orgId);
    expect(toB.map((m) => m.body.type)).toEqual(["loop.opened"]);
    expect(verify(b.secret, toB[0]!)).toEqual(JSON.parse(toB[0]!.raw));
    expect(() => verify(a.secret, toB[0]!)).toThrow(/signature/i);
    expect(receiver.received).toHaveLength(3);
  });
});

const verify = (secret: string, m: { raw: string; headers: Parameters<typeof verifyHeaders>[0] }) => new Webhook(secret).verify(m.raw, verifyHeaders(m.headers));
