import { readFileSync } from "node:fs";
import path from "node:path";
import { v5 as uuidV5 } from "uuid";
import { describe, expect, it } from "vitest";
import { systemEventInput } from "~/domain/events";
import { newSigningSecret } from "~/server/webhooks/signing-secret";
import { loopMessage } from "./loop-message";
import { CODE_NODES, PLACEHOLDERS, next, nodeNamed, readCode, readWorkflow, runCodeNode, webhookItem } from "./workflow-files";

// The importable workflows in docs/n8n, without n8n: their shape, their Code nodes' JavaScript
// (the files in docs/n8n/code, run here as n8n runs them) and what the reminder would append.
// tests/n8n/reminder-rest.int.test.ts sends that append to the REST API; n8n.n8n.test.ts runs it all in a real n8n.

const WORKFLOWS = ["calm-firehose-receiver.json", "calm-signed-receiver.json", "invoice-overdue-reminder.json"];
const reminder = readWorkflow("invoice-overdue-reminder.json");
const ORG = "3f9d1c2a-5b6e-4f70-8a91-b2c3d4e5f607";
const INVOICE = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
const NAMESPACE = "7d472d50-ef57-4880-b114-08689ade1584";

/** The reminder workflow's two Code nodes on one request, as n8n would run them (IF: only valid items go on). */
async function reminderSteps(secret: string, headers: Record<string, string>, raw: string) {
  const [verified] = await runCodeNode(readCode("verify-standard-webhook.js").replace(PLACEHOLDERS.whsec, secret), [webhookItem(headers, raw)]);
  if (!verified!.json.valid) return { verified: verified!.json, prepared: null };
  const [prepared] = await runCodeNode(readCode("prepare-reminder.js"), [verified!]);
  return { verified: verified!.json, prepared: prepared!.json as { act: boolean; reason?: string; request?: { url: string; body: Record<string, unknown> } } };
}

describe("the n8n workflows in docs/n8n", () => {
  it("each Code node holds exactly its file in docs/n8n/code (edit the file, then `npx tsx scripts/n8n-sync-code.ts`)", () => {
    for (const { workflow, node, file } of CODE_NODES) {
      expect(nodeNamed(readWorkflow(workflow), node).parameters.jsCode, `${workflow} › ${node} ≠ docs/n8n/code/${file}`).toBe(readCode(file));
    }
    // docs/webhooks.md shows the same verification (its snippet is tested in src/server/webhooks/docs-snippets.test.ts).
    const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/webhooks.md"), "utf8");
    expect(/```js n8n-code-node\n([\s\S]*?)```/.exec(doc)![1]).toBe(readCode("verify-standard-webhook.js"));
  });

  it("are well formed: unique node names and webhook paths, every connection resolving, a signed POST with the raw body answered by the workflow", () => {
    const paths: string[] = [];
    for (const file of WORKFLOWS) {
      const wf = readWorkflow(file);
      const names = wf.nodes.map((n) => n.name);
      expect(new Set(names).size, file).toBe(names.length);
      for (const [from, { main }] of Object.entries(wf.connections)) {
        expect(names, file).toContain(from);
        for (const target of main.flat()) expect(names, file).toContain(target.node);
      }
      const hook = wf.nodes.find((n) => n.type === "n8n-nodes-base.webhook")!;
      expect(hook.parameters, file).toMatchObject({ httpMethod: "POST", responseMode: "responseNode", options: { rawBody: true } });
      paths.push(String(hook.parameters.path));
      expect(next(wf, hook.name), file).toEqual(["Verify signature"]);
      expect(next(wf, "Verify signature"), file).toEqual(["Signature valid?"]);
      expect(next(wf, "Rejected"), file).toEqual(["Refuse (401)"]);
      expect(nodeNamed(wf, "Refuse (401)").parameters).toMatchObject({ respondWith: "noData", options: { responseCode: 401 } });
    }
    // n8n cannot register one path for two active workflows.
    expect(new Set(paths).size).toBe(paths.length);
    const signed = readWorkflow("calm-signed-receiver.json");
    expect([next(signed, "Signature valid?", 0), next(signed, "Signature valid?", 1), next(signed, "Calm message")]).toEqual([["Calm message"], ["Rejected"], ["Acknowledge (200)"]]);
  });

  it("the reminder: verified → prepared → (disabled email, NoOp stand-in) → REST append with the API key credential → 200, or 503 when Calm refused", () => {
    expect(next(reminder, "Signature valid?", 0)).toEqual(["Prepare reminder"]);
    expect(next(reminder, "Signature valid?", 1)).toEqual(["Rejected"]);
    expect(next(reminder, "Prepare reminder")).toEqual(["Invoice overdue opened?"]);
    expect(nodeNamed(reminder, "Invoice overdue opened?").parameters).toMatchObject({ conditions: { conditions: [{ leftValue: "={{ $json.act }}" }] } });
    expect([next(reminder, "Invoice overdue opened?", 0), next(reminder, "Invoice overdue opened?", 1)]).toEqual([["Send reminder email"], ["Ignored (200)"]]);
    const email = nodeNamed(reminder, "Send reminder email");
    expect([email.type, email.disabled]).toEqual(["n8n-nodes-base.emailSend", true]);
    expect(next(reminder, "Send reminder email")).toEqual(["Reminder sent (stand-in)"]);
    expect(nodeNamed(reminder, "Reminder sent (stand-in)").type).toBe("n8n-nodes-base.noOp");
    expect(next(reminder, "Reminder sent (stand-in)")).toEqual(["Record note in Calm"]);
    const http = nodeNamed(reminder, "Record note in Calm");
    // The request is the one "Prepare reminder" built (and the tests send): no second copy of it here.
    expect(http).toMatchObject({
      type: "n8n-nodes-base.httpRequest",
      onError: "continueErrorOutput",
      credentials: { httpHeaderAuth: { name: "Calm API key" } },
      parameters: { method: "POST", url: "={{ $json.request.url }}", authentication: "genericCredentialType", genericAuthType: "httpHeaderAuth", sendBody: true, specifyBody: "json", jsonBody: "={{ JSON.stringify($json.request.body) }}" },
    });
    expect([next(reminder, "Record note in Calm", 0), next(reminder, "Record note in Calm", 1)]).toEqual([["Done (200)"], ["Not recorded (503)"]]);
    expect(nodeNamed(reminder, "Done (200)").parameters).toMatchObject({ respondWith: "json", options: { responseCode: 200 } });
    expect(nodeNamed(reminder, "Not recorded (503)").parameters).toMatchObject({ respondWith: "json", options: { responseCode: 503 } });
  });

  it("a signed loop.opened invoice_overdue becomes a note_added on that invoice, its id a UUID v5 of the notification id, the same on every retry", async () => {
    const secret = newSigningSecret();
    const m = loopMessage({ orgId: ORG, invoiceId: INVOICE, dueAt: "2026-11-30T00:00:00.000Z", changedAt: "2026-12-01T00:00:05.000Z" });
    const first = await reminderSteps(secret, m.headers([secret]), m.raw);
    expect(first.verified).toMatchObject({ valid: true, webhook_id: m.id });
    expect(first.prepared).toMatchObject({
      act: true,
      webhook_id: m.id,
      request: {
        url: `${PLACEHOLDERS.calmUrl}/api/v1/events/append`,
        body: {
          id: uuidV5(`invoice-overdue-reminder:${m.id}`, NAMESPACE),
          event_type: "note_added",
          occurred_at: "2026-12-01T00:00:05.000Z",
          actor: { type: "system" },
          primary_entity: { type: "invoice", id: INVOICE },
          payload: { text: "Payment reminder sent by n8n: invoice overdue since 2026-11-30.", source: "n8n", loop_id: m.data.loop_id, notification_id: m.id },
        },
      },
    });
    // What the API will parse it with.
    expect(systemEventInput.safeParse(first.prepared!.request!.body).error).toBeUndefined();
    // A retry is signed later (and during a rotation with two secrets): the same append, byte for byte.
    const retry = await reminderSteps(secret, m.headers([newSigningSecret(), secret], Math.floor(Date.now() / 1000) + 60), m.raw);
    expect(retry.prepared).toEqual(first.prepared);
  });

  it("other notifications are answered and ignored; a bad signature, a changed body or a stale timestamp stops at the verification", async () => {
    const secret = newSigningSecret();
    for (const [over, reason] of [
      [{ loopType: "new_lead" }, "ignored: loop.opened new_lead"],
      [{ change: "closed" }, "ignored: loop.closed invoice_overdue"],
      [{ change: "escalated" }, "ignored: loop.escalated invoice_overdue"],
    ] as const) {
      const m = loopMessage({ orgId: ORG, invoiceId: INVOICE, ...over });
      expect((await reminderSteps(secret, m.headers([secret]), m.raw)).prepared).toEqual({ act: false, webhook_id: m.id, reason });
    }
    const m = loopMessage({ orgId: ORG, invoiceId: INVOICE });
    expect((await reminderSteps(newSigningSecret(), m.headers([secret]), m.raw)).verified).toMatchObject({ valid: false, reason: "bad signature", message: null });
    expect((await reminderSteps(secret, m.headers([secret]), m.raw.replace(INVOICE, ORG))).verified).toMatchObject({ valid: false, reason: "bad signature" });
    const stale = m.headers([secret], Math.floor(Date.now() / 1000) - 301);
    expect((await reminderSteps(secret, stale, m.raw)).verified).toMatchObject({ valid: false, reason: "stale or missing timestamp" });
    const { "webhook-signature": _dropped, ...unsigned } = m.headers([secret]);
    expect((await reminderSteps(secret, unsigned, m.raw)).verified).toMatchObject({ valid: false });
  });
});
