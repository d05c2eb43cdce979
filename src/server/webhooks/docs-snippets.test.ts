import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newSigningSecret } from "./signing-secret";
import { standardHeaders } from "./standard-signature";

// docs/webhooks.md shows receivers how to verify Calm's messages; these run its snippets against
// messages signed by Calm's own code, so the documentation cannot drift from what is sent.

const doc = readFileSync(path.resolve(import.meta.dirname, "../../../docs/webhooks.md"), "utf8");
const codeNode = /```js n8n-code-node\n([\s\S]*?)```/.exec(doc)![1]!;

/** Runs the documented Code node as n8n would (runOnceForAllItems: `$input`, `this.helpers`, require). */
async function n8nVerify(secret: string, headers: Record<string, string>, raw: string) {
  const code = codeNode.replace("paste-your-whsec-secret-here", secret);
  const item = { json: { headers, body: JSON.parse(raw) as unknown }, binary: { data: { data: Buffer.from(raw).toString("base64") } } };
  const ctx = { helpers: { getBinaryDataBuffer: async () => Buffer.from(item.binary.data.data, "base64") } };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
  const out = (await new AsyncFunction("require", "$input", code).call(ctx, createRequire(import.meta.url), { all: () => [item] })) as { json: { valid: boolean; reason: string | null; message: unknown } }[];
  return out[0]!.json;
}

describe("the verification snippets in docs/webhooks.md", () => {
  const body = JSON.stringify({ type: "event.note_added", timestamp: "2026-11-02T09:00:00.000Z", data: { event_id: "e1", payload: { text: "hi" } } });
  const now = () => Math.floor(Date.now() / 1000);

  it("the n8n Code node and standardwebhooks accept a message Calm signed, with one secret or two (rotation)", async () => {
    const [oldSecret, newSecret] = [newSigningSecret(), newSigningSecret()];
    for (const secrets of [[newSecret], [newSecret, oldSecret]]) {
      const headers = standardHeaders(secrets, "e1", now(), body);
      for (const s of secrets) {
        expect(await n8nVerify(s, headers, body)).toMatchObject({ valid: true, reason: null, message: JSON.parse(body) });
        expect(new Webhook(s).verify(body, headers)).toEqual(JSON.parse(body));
      }
    }
  });

  it("both refuse another secret, a changed body or id, and a stale timestamp", async () => {
    const secret = newSigningSecret();
    const headers = standardHeaders([secret], "e1", now(), body);
    const other = newSigningSecret();
    expect(await n8nVerify(other, headers, body)).toMatchObject({ valid: false, reason: "bad signature" });
    expect(() => new Webhook(other).verify(body, headers)).toThrow();
    const tampered = body.replace("hi", "ho");
    expect(await n8nVerify(secret, headers, tampered)).toMatchObject({ valid: false });
    expect(() => new Webhook(secret).verify(tampered, headers)).toThrow();
    const otherId = { ...headers, "webhook-id": "e2" };
    expect(await n8nVerify(secret, otherId, body)).toMatchObject({ valid: false });
    const stale = standardHeaders([secret], "e1", now() - 600, body);
    expect(await n8nVerify(secret, stale, body)).toMatchObject({ valid: false, reason: "stale or missing timestamp" });
    expect(() => new Webhook(secret).verify(body, stale)).toThrow(/too old/);
  });
});
