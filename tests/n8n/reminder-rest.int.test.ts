import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiKey } from "~/server/auth/api-keys";
import type { CreatedOrg } from "~/server/orgs/create-org";
import { handleRest } from "~/server/rest/handle-rest";
import { newSigningSecret } from "~/server/webhooks/signing-secret";
import { newOrg } from "../helpers/callers";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { loopMessage } from "./loop-message";
import { PLACEHOLDERS, readCode, runCodeNode, webhookItem } from "./workflow-files";

// The invoice-overdue reminder without n8n: its Code nodes (docs/n8n/code, the text the workflow
// JSON holds) verify a loop.opened signed by Calm's code, and the append they prepare is sent the
// way its HTTP Request node sends it (POST, Bearer API key, the JSON body) to the REST API over
// real HTTP (the handler /api/v1 mounts), on a database of its own.

let db: TestDb;
let org: CreatedOrg;
let server: Server;
let base: string;
const secret = newSigningSecret();

beforeAll(async () => {
  db = await createTestDb(4);
  org = await newOrg(db.pool, "Reminders");
  server = createServer((req, res) => void handleRest(req, res, { db: db.pool, limiter: async () => ({ ok: true }) }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.drop();
});

const api = (p: string, init: RequestInit & { key?: string } = {}) =>
  fetch(`${base}/api/v1${p}`, { ...init, headers: { authorization: `Bearer ${init.key ?? org.apiKey}`, "content-type": "application/json", ...init.headers } });

type Prepared = { act: boolean; request: { url: string; body: { id: string; payload: Record<string, unknown> } } };

/**
 * One delivery through the workflow: Verify signature → (valid?) → Prepare reminder → (act?) →
 * the HTTP Request node's POST. Returns what each step gave, and Calm's answer when it got that far.
 */
async function deliver(headers: Record<string, string>, raw: string, key = org.apiKey) {
  const [verified] = await runCodeNode(readCode("verify-standard-webhook.js").replace(PLACEHOLDERS.whsec, secret), [webhookItem(headers, raw)]);
  if (!verified!.json.valid) return { verified: verified!.json, calm: null };
  const [prepared] = await runCodeNode(readCode("prepare-reminder.js").replace(PLACEHOLDERS.calmUrl, base), [verified!]);
  const p = prepared!.json as Prepared;
  if (!p.act) return { verified: verified!.json, prepared: p, calm: null };
  const res = await fetch(p.request.url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(p.request.body) });
  return { verified: verified!.json, prepared: p, calm: { status: res.status, body: (await res.json()) as Record<string, unknown> } };
}

async function notes(invoiceId: string) {
  const res = await api(`/entities/timeline?type=invoice&id=${invoiceId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string; event_type: string; payload: Record<string, unknown> }[] }).items.filter((e) => e.event_type === "note_added");
}

async function issueInvoice(): Promise<string> {
  const id = randomUUID();
  const res = await api("/events/append", {
    method: "POST",
    body: JSON.stringify({
      id: randomUUID(),
      event_type: "invoice_issued",
      occurred_at: "2026-11-01T09:00:00.000Z",
      actor: { id: randomUUID(), type: "system" },
      primary_entity: { type: "invoice", id },
      payload: { amount_cents: 120000, currency: "EUR", due_at: "2026-11-30T00:00:00.000Z", number: "INV-7" },
    }),
  });
  expect(res.status).toBe(200);
  return id;
}

describe("the invoice-overdue reminder against Calm's REST API", () => {
  it("a signed loop.opened invoice_overdue is verified and recorded as one note on the invoice; a redelivery appends nothing more", async () => {
    const invoice = await issueInvoice();
    const m = loopMessage({ orgId: org.orgId, invoiceId: invoice, dueAt: "2026-11-30T00:00:00.000Z", changedAt: "2026-11-30T00:00:07.000Z" });

    const first = await deliver(m.headers([secret]), m.raw);
    expect(first.calm).toMatchObject({ status: 200, body: { duplicate: false, event: { id: first.prepared!.request.body.id, event_type: "note_added", org_id: org.orgId } } });
    // Calm's retry (a lost answer, a redelivery from the log): signed again, later; the same event, once.
    const again = await deliver(m.headers([secret], Math.floor(Date.now() / 1000) + 30), m.raw);
    expect(again.calm).toMatchObject({ status: 200, body: { duplicate: true, event: { id: first.prepared!.request.body.id } } });

    const logged = await notes(invoice);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      id: first.prepared!.request.body.id,
      payload: { text: "Payment reminder sent by n8n: invoice overdue since 2026-11-30.", source: "n8n", notification_id: m.id, loop_id: m.data.loop_id },
    });
  });

  it("a wrongly signed, tampered or stale message is refused before anything is sent to Calm", async () => {
    const invoice = await issueInvoice();
    const m = loopMessage({ orgId: org.orgId, invoiceId: invoice });
    const other = newSigningSecret();
    expect(m.raw).toContain('"severity":"high"'); // so the tampered copy below differs
    for (const [headers, raw] of [
      [m.headers([other]), m.raw],
      [m.headers([secret]), m.raw.replace('"severity":"high"', '"severity":"low"')],
      [m.headers([secret], Math.floor(Date.now() / 1000) - 3600), m.raw],
    ] as const) {
      const out = await deliver(headers, raw);
      expect(out.verified.valid).toBe(false);
      expect(out.calm).toBeNull();
    }
    expect(await notes(invoice)).toEqual([]);
  });

  it("Calm refusing the append (a key without the append scope) is an error answer, which the workflow turns into a 503 so Calm retries", async () => {
    const invoice = await issueInvoice();
    const reader = await issueApiKey(db.pool, { orgId: org.orgId, name: "read only", scopes: ["read"] });
    const m = loopMessage({ orgId: org.orgId, invoiceId: invoice });
    const out = await deliver(m.headers([secret]), m.raw, reader!.key);
    expect(out.calm).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    expect(await notes(invoice)).toEqual([]);
    // With the right key, the retry records it.
    expect((await deliver(m.headers([secret]), m.raw)).calm).toMatchObject({ status: 200, body: { duplicate: false } });
    expect(await notes(invoice)).toHaveLength(1);
  });
});
