import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedOrg } from "~/server/orgs/create-org";
import { runLoopRelay, runRelay } from "~/server/relay/run-relay";
import { createStreamsRedis, whenReady } from "~/server/relay/streams-redis";
import { handleRest } from "~/server/rest/handle-rest";
import { createEndpoint } from "~/server/webhooks/create-endpoint";
import type { DeliveryConfig } from "~/server/webhooks/delivery-config";
import { deliveryPass } from "~/server/webhooks/delivery-pass";
import { dispatchPass } from "~/server/webhooks/dispatch";
import { redeliver } from "~/server/webhooks/redeliver";
import { newSigningSecret } from "~/server/webhooks/signing-secret";
import { newOrg } from "../helpers/callers";
import { projectAll } from "../helpers/projection";
import { freePort, startN8n } from "../helpers/local-n8n";
import { N8N_DIR, n8nInstalled } from "../helpers/n8n-dir";
import { TEST_REDIS_URL } from "../helpers/services";
import { belowHorizon, deleteStreamKeys, testStreamName } from "../helpers/streams";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { loopMessage } from "./loop-message";
import { N8N_DOCS, PLACEHOLDERS } from "./workflow-files";

// Both importable workflows (docs/n8n) in a real n8n 1.x, both ways: Calm's per-org webhook
// pipeline (stream entry → dispatcher → delivery pass, signed by Calm) POSTs to n8n; the reminder
// workflow calls Calm's REST API back with an API key (an n8n Header Auth credential).
//
// Not skipped: vitest.config.ts leaves this file out when no n8n is installed (and says so; so does
// `npm test`), CALM_N8N=1 requires it, CALM_N8N=0 leaves it out. Install: docs/n8n/README.md.
if (!n8nInstalled()) {
  throw new Error(`CALM_N8N=1 but no n8n at ${N8N_DIR}: install it as docs/n8n/README.md says (or set CALM_N8N_DIR), or unset CALM_N8N`);
}

let db: TestDb;
let redis: Redis;
let org: CreatedOrg;
let server: Server;
let calm: string;
let n8n: Awaited<ReturnType<typeof startN8n>>;
let stream: string;
let reminderHook: { id: string; secret: string };
let signedHook: { id: string; secret: string };

const cfg: DeliveryConfig = { timeoutMs: 30_000, maxAttempts: 3, retryBaseMs: 60_000, policy: { allowPrivate: true, allowLoopback: false } };
const owner = () => ({ orgId: org.orgId, userId: org.userId });
const api = (p: string, init: RequestInit = {}) =>
  fetch(`${calm}/api/v1${p}`, { ...init, headers: { authorization: `Bearer ${org.apiKey}`, "content-type": "application/json", ...init.headers } });

beforeAll(async () => {
  db = await createTestDb(4);
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
  stream = testStreamName("n8n-both-ways");
  org = await newOrg(db.pool, "n8n both ways");
  server = createServer((req, res) => void handleRest(req, res, { db: db.pool, limiter: async () => ({ ok: true }) }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  calm = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The org's owner adds two endpoints in Settings → Automations; each secret is pasted into its workflow.
  const port = await freePort();
  const hook = (p: string) => `http://127.0.0.1:${port}/webhook/${p}`;
  const r = await createEndpoint(db.pool, owner(), { url: hook("calm-invoice-overdue"), description: "n8n reminder", event_types: [], loop_changes: ["opened", "closed"], enabled: true }, new Date(), cfg);
  const s = await createEndpoint(db.pool, owner(), { url: hook("calm-webhook"), description: "n8n receiver", event_types: ["note_added"], loop_changes: [], enabled: true }, new Date(), cfg);
  reminderHook = { id: r.endpoint.id, secret: r.secret };
  signedHook = { id: s.endpoint.id, secret: s.secret };
  n8n = await startN8n({
    port,
    credentials: [{ id: "calmApiKey0000001", name: "Calm API key", type: "httpHeaderAuth", data: { name: "Authorization", value: `Bearer ${org.apiKey}` } }],
    workflows: [
      { file: path.join(N8N_DOCS, "calm-signed-receiver.json"), id: "calmSignedRecv01", replace: { [PLACEHOLDERS.whsec]: signedHook.secret } },
      { file: path.join(N8N_DOCS, "invoice-overdue-reminder.json"), id: "calmInvReminder1", replace: { [PLACEHOLDERS.whsec]: reminderHook.secret, [PLACEHOLDERS.calmUrl]: calm } },
    ],
    readyPath: "calm-invoice-overdue",
  });
}, 240_000);

afterAll(async () => {
  await n8n?.stop();
  if (redis) {
    await deleteStreamKeys(redis, stream);
    redis.disconnect();
  }
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.drop();
});

/** Puts a loop notification into the stream as the relay does (`kind=loop`, flat string fields). */
async function publishLoop(m: ReturnType<typeof loopMessage>) {
  const { stream_id: _assignedByRedis, ...fields } = m.data;
  await redis.xadd(stream, "*", "kind", "loop", ...Object.entries(fields).flat());
}

/** Relay what is committed, dispatch the stream to the endpoints, deliver what is due. */
async function flow() {
  await belowHorizon(db.pool);
  await runRelay(db.pool, redis, { stream, maxLen: 100_000 });
  await dispatchPass(db.pool, redis, { stream });
  return deliveryPass(db.pool, { ...cfg, now: () => new Date() });
}

async function attempts(endpointId: string) {
  const { rows } = await db.pool.query<{ id: string; message_id: string; status_code: number | null; ok: boolean; error: string | null }>(
    `SELECT d.id, d.message_id, a.status_code, a.ok, a.error FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
      WHERE a.endpoint_id = $1 ORDER BY a.at, a.attempt`,
    [endpointId],
  );
  return rows;
}

async function notes(invoiceId: string) {
  const res = await api(`/entities/timeline?type=invoice&id=${invoiceId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string; event_type: string; actor: { type: string }; payload: Record<string, unknown> }[] }).items.filter((e) => e.event_type === "note_added");
}

async function issueInvoice(): Promise<string> {
  const id = randomUUID();
  const body = { id: randomUUID(), event_type: "invoice_issued", occurred_at: "2026-11-01T09:00:00.000Z", actor: { id: randomUUID(), type: "system" }, primary_entity: { type: "invoice", id }, payload: { amount_cents: 99000, currency: "EUR", due_at: "2026-11-30T00:00:00.000Z" } };
  expect((await api("/events/append", { method: "POST", body: JSON.stringify(body) })).status).toBe(200);
  return id;
}

/** A POST straight to an n8n webhook, as a sender with `secrets` would sign it. */
async function post(p: string, m: ReturnType<typeof loopMessage>, secrets: string[], raw = m.raw) {
  const res = await fetch(n8n.urlOf(p), { method: "POST", headers: m.headers(secrets), body: raw });
  const text = await res.text();
  return { status: res.status, body: text === "" ? null : (JSON.parse(text) as Record<string, unknown>) };
}

describe("docs/n8n in a real n8n, both ways", () => {
  it("invoice overdue → reminder: Calm delivers the signed loop.opened, n8n verifies it and records one note through the REST API; a redelivery adds none", async () => {
    const invoice = await issueInvoice();
    const m = loopMessage({ orgId: org.orgId, invoiceId: invoice, dueAt: "2026-11-30T00:00:00.000Z", changedAt: "2026-11-30T00:00:03.000Z" });
    await publishLoop(m);
    await flow();
    const first = await attempts(reminderHook.id);
    expect(first.map((a) => [a.message_id, a.status_code, a.ok, a.error])).toEqual([[m.id, 200, true, null]]);
    const logged = await notes(invoice);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actor: { type: "system" }, payload: { source: "n8n", notification_id: m.id, text: "Payment reminder sent by n8n: invoice overdue since 2026-11-30." } });

    // "Send again" from the delivery log: the same webhook-id and body, signed anew.
    const again = await redeliver(db.pool, org.orgId, reminderHook.id, first[0]!.id, cfg, () => new Date());
    expect(again.attempt).toMatchObject({ ok: true, statusCode: 200 });
    expect(await notes(invoice)).toHaveLength(1);
    // What n8n answered that second time: the note it recorded, as a duplicate.
    expect(await post("calm-invoice-overdue", m, [reminderHook.secret])).toEqual({ status: 200, body: { recorded: logged[0]!.id, duplicate: true } });
  });

  it("end to end: an invoice falls due at the scheduled pass; its loop.opened goes projector → outbox → loop relay → webhook → n8n, which records one note", async () => {
    const invoice = await issueInvoice(); // due 2026-11-30
    await projectAll(db.pool, () => new Date("2026-11-15T00:00:00.000Z")); // not yet due: no loop
    await projectAll(db.pool, () => new Date("2026-12-01T00:00:00.000Z")); // the tick: it falls due
    const { rows } = await db.pool.query<{ id: string; caused_by_event_id: string | null; changed_at: Date }>(
      "SELECT id, caused_by_event_id, changed_at FROM loop_changes WHERE entity_id = $1 AND loop_type = 'invoice_overdue' AND change = 'opened'",
      [invoice],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ caused_by_event_id: null, changed_at: new Date("2026-11-30T00:00:00.000Z") });
    await belowHorizon(db.pool);
    await runLoopRelay(db.pool, redis, { stream, maxLen: 100_000 });
    await flow();
    expect((await attempts(reminderHook.id)).filter((a) => a.message_id === rows[0]!.id).map((a) => [a.status_code, a.ok])).toEqual([[200, true]]);
    const logged = await notes(invoice);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ payload: { source: "n8n", notification_id: rows[0]!.id, text: "Payment reminder sent by n8n: invoice overdue since 2026-11-30." } });
  });

  it("a wrongly signed or tampered notification is refused with 401 and records nothing", async () => {
    const invoice = await issueInvoice();
    const m = loopMessage({ orgId: org.orgId, invoiceId: invoice });
    expect(await post("calm-invoice-overdue", m, [newSigningSecret()])).toEqual({ status: 401, body: null });
    expect(await post("calm-invoice-overdue", m, [signedHook.secret])).toEqual({ status: 401, body: null }); // another endpoint's secret
    expect(await post("calm-invoice-overdue", m, [reminderHook.secret], m.raw.replace('"high"', '"low"'))).toEqual({ status: 401, body: null });
    expect(await notes(invoice)).toEqual([]);
  });

  it("other notifications are answered 200 and ignored; a note Calm refuses is a 503, which Calm retries", async () => {
    const invoice = await issueInvoice();
    const closed = loopMessage({ orgId: org.orgId, invoiceId: invoice, change: "closed" });
    expect(await post("calm-invoice-overdue", closed, [reminderHook.secret])).toEqual({ status: 200, body: { ignored: "ignored: loop.closed invoice_overdue" } });
    const broken = loopMessage({ orgId: org.orgId, invoiceId: "not-an-invoice-id" });
    const refused = await post("calm-invoice-overdue", broken, [reminderHook.secret]);
    expect(refused.status).toBe(503);
    expect(await notes(invoice)).toEqual([]);
  });

  it("the signed receiver: an event Calm delivers is verified and acknowledged with its id; a wrong signature is a 401", async () => {
    const deal = randomUUID();
    const event = { id: randomUUID(), event_type: "note_added", occurred_at: new Date().toISOString(), actor: { id: randomUUID(), type: "system" }, primary_entity: { type: "deal", id: deal }, payload: { text: "to n8n" } };
    expect((await api("/events/append", { method: "POST", body: JSON.stringify(event) })).status).toBe(200);
    await flow();
    const delivered = await attempts(signedHook.id);
    expect(delivered.map((a) => [a.message_id, a.status_code, a.ok])).toContainEqual([event.id, 200, true]);
    // It subscribes to note_added: the notes the reminder workflow recorded come back to n8n too, all acknowledged.
    expect(delivered.every((a) => a.ok && a.status_code === 200)).toBe(true);
    const m = loopMessage({ orgId: org.orgId, invoiceId: randomUUID() });
    expect(await post("calm-webhook", m, [signedHook.secret])).toEqual({ status: 200, body: { received: m.id } });
    expect(await post("calm-webhook", m, [reminderHook.secret])).toEqual({ status: 401, body: null });
  });
});
