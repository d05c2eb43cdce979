import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { entryBody } from "./entry-body";
import { signBody } from "./signature";

type Node = { name: string; type: string; parameters: Record<string, unknown> };
type Workflow = { nodes: Node[]; connections: Record<string, { main: { node: string; type: string; index: number }[][] }> };

const file = path.resolve(import.meta.dirname, "../../../docs/n8n/calm-firehose-receiver.json");
const workflow = JSON.parse(readFileSync(file, "utf8")) as Workflow;
const node = (type: string) => workflow.nodes.find((n) => n.type === type)!;
const SECRET = "workflow-test-secret-0123456789";

/** Runs the example's Code node as n8n would (runOnceForAllItems: `$input`, `this.helpers`, require). */
async function verifyInWorkflow(headers: Record<string, string>, raw: string, asBinary = true) {
  const code = String(node("n8n-nodes-base.code").parameters.jsCode).replace("paste-your-N8N_WEBHOOK_SECRET-here", SECRET);
  const item = {
    json: { headers, body: JSON.parse(raw) as unknown },
    binary: asBinary ? { data: { data: Buffer.from(raw).toString("base64"), mimeType: "application/json" } } : undefined,
  };
  const ctx = { helpers: { getBinaryDataBuffer: async () => Buffer.from(item.binary!.data.data, "base64") } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
  const run = new AsyncFunction("require", "$input", code);
  const out = (await run.call(ctx, createRequire(import.meta.url), { all: () => [item] })) as { json: { valid: boolean; event: unknown } }[];
  return out[0]!.json;
}

describe("the firehose n8n workflow (docs/n8n/calm-firehose-receiver.json)", () => {
  it("is a Webhook (POST, raw body, answered by the workflow) → Code → IF → Set / NoOp, every connection resolving", () => {
    const names = workflow.nodes.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    expect(node("n8n-nodes-base.webhook").parameters).toMatchObject({ httpMethod: "POST", responseMode: "responseNode", options: { rawBody: true } });
    for (const type of ["n8n-nodes-base.code", "n8n-nodes-base.if", "n8n-nodes-base.set", "n8n-nodes-base.noOp"]) expect(node(type)).toBeDefined();
    for (const [from, { main }] of Object.entries(workflow.connections)) {
      expect(names).toContain(from);
      for (const target of main.flat()) expect(names).toContain(target.node);
    }
    expect(workflow.connections["Signature valid?"]!.main.map((outs) => outs[0]!.node)).toEqual(["Calm event", "Rejected"]);
  });

  it("answers a verified event with the echo delivery waits for (DELIVERY_ACK=echo): 200 {received: the body's event_id}", () => {
    const respond = workflow.nodes.filter((n) => n.type === "n8n-nodes-base.respondToWebhook");
    const ack = respond.find((n) => (n.parameters.options as { responseCode?: number }).responseCode === 200)!;
    expect(workflow.connections["Calm event"]!.main[0]![0]!.node).toBe(ack.name);
    expect(ack.parameters).toMatchObject({ respondWith: "json", responseBody: '={{ { "received": $json.event_id } }}' });
    const set = node("n8n-nodes-base.set").parameters as { assignments: { assignments: { name: string; value: string }[] } };
    // The id echoed is the one inside the signed body, as the Code node parsed it.
    expect(set.assignments.assignments.find((a) => a.name === "event_id")?.value).toBe("={{ $json.event.event_id }}");
  });

  it("its Code node accepts what delivery signs and refuses tampering and stale timestamps", async () => {
    const raw = entryBody("1-0", {
      event_id: "e1",
      org_id: "o1",
      event_type: "note_added",
      occurred_at: "2026-11-02T09:00:00.000Z",
      actor_id: "a1",
      actor_type: "user",
      entity_type: "deal",
      entity_id: "d1",
      position: "7",
      payload: JSON.stringify({ text: "héllo ✓ \"quoted\"" }),
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { "x-calm-timestamp": ts, "x-calm-signature": signBody(SECRET, ts, raw), "x-calm-event-id": "e1" };
    expect(await verifyInWorkflow(headers, raw)).toMatchObject({ valid: true, event: { event_id: "e1", position: 7 } });
    expect((await verifyInWorkflow(headers, raw, false)).valid).toBe(true);
    expect((await verifyInWorkflow(headers, raw.replace('"e1"', '"e2"'))).valid).toBe(false);
    expect((await verifyInWorkflow({ ...headers, "x-calm-signature": signBody("another-secret-0123456789", ts, raw) }, raw)).valid).toBe(false);
    const old = String(Number(ts) - 3600);
    expect((await verifyInWorkflow({ ...headers, "x-calm-timestamp": old, "x-calm-signature": signBody(SECRET, old, raw) }, raw)).valid).toBe(false);
  });
});
