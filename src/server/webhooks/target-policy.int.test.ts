import { lookup as dnsLookup } from "node:dns";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg } from "../../../tests/helpers/callers";
import { startStandardReceiver } from "../../../tests/helpers/standard-receiver";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import type { CreatedOrg } from "../orgs/create-org";
import { createEndpoint } from "./create-endpoint";
import type { DeliveryConfig } from "./delivery-config";
import { postWebhook } from "./post-webhook";
import { sendTest } from "./send-test";
import { checkTargetUrl, guardedLookup } from "./target-policy";

// SSRF: an org's webhook must not reach the installation's own network. Checked when the URL is
// stored, and again on the addresses each connection actually uses: a name that resolved to a
// public address then and to 127.0.0.1 now (DNS rebinding) is refused now, before any byte is sent.

const STRICT = { allowPrivate: false, allowLoopback: false };
let db: TestDb;
let org: CreatedOrg;
let tcp: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  db = await createTestDb(2);
  org = await newOrg(db.pool, "SSRF");
  // Stands for an internal service: counts every TCP connection made to it.
  tcp = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
  port = (tcp.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => tcp.close(r));
  await db?.drop();
});

describe("webhook targets", () => {
  it("a name that resolved to a public address when stored and to 127.0.0.1 at connect time is refused, with no connection", async () => {
    const publicThen = async () => ["93.184.216.34"];
    expect(await checkTargetUrl(`https://localhost:${port}/hook`, STRICT, publicThen)).toEqual({ ok: true, url: `https://localhost:${port}/hook` });
    const { endpoint } = await createEndpoint(
      db.pool, { orgId: org.orgId, userId: org.userId },
      { url: `https://localhost:${port}/hook`, description: "", event_types: null, loop_changes: [], enabled: true },
      new Date(), { policy: STRICT, resolve: publicThen },
    );
    const cfg: DeliveryConfig = { timeoutMs: 2000, maxAttempts: 3, retryBaseMs: 1000, policy: STRICT };
    const out = await sendTest(db.pool, org.orgId, endpoint.id, cfg, () => new Date());
    expect(out.attempt).toMatchObject({ ok: false, statusCode: null, status: "pending" });
    expect(out.attempt!.error).toMatch(/^refused to connect: localhost resolves to (127\.0\.0\.1|::1) is a loopback address$/);
    expect(connections).toBe(0);
  });

  it("DNS rebinding through the HTTP client's lookup: the address connected to is judged, whatever the name", async () => {
    const rebound = ((_host: string, _opts: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(null, [{ address: "127.0.0.1", family: 4 }])) as unknown as typeof dnsLookup;
    const out = await postWebhook(`http://hooks.example.test:${port}/x`, "{}", {}, { timeoutMs: 2000, policy: STRICT, lookup: guardedLookup(STRICT, rebound) });
    expect(out).toMatchObject({ ok: false, statusCode: null, error: "refused to connect: hooks.example.test resolves to 127.0.0.1 is a loopback address" });
    const metadata = ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(null, [{ address: "93.184.216.34", family: 4 }, { address: "169.254.169.254", family: 4 }])) as unknown as typeof dnsLookup;
    const mixed = await postWebhook(`http://hooks.example.test:${port}/x`, "{}", {}, { timeoutMs: 2000, policy: STRICT, lookup: guardedLookup(STRICT, metadata) });
    expect(mixed.error).toBe("refused to connect: hooks.example.test resolves to 169.254.169.254 is a link-local address");
    expect(connections).toBe(0);
  });

  it("an address literal is refused before connecting; with ALLOW_PRIVATE_WEBHOOKS the same target is reached", async () => {
    const refused = await postWebhook(`http://127.0.0.1:${port}/x`, "{}", {}, { timeoutMs: 2000, policy: STRICT });
    expect(refused.error).toBe("refused to connect: 127.0.0.1 is a loopback address");
    expect(connections).toBe(0);
    const receiver = await startStandardReceiver(() => 200);
    try {
      const ok = await postWebhook(receiver.url, '{"type":"x"}', { "webhook-id": "m1" }, { timeoutMs: 2000, policy: { allowPrivate: true, allowLoopback: false } });
      expect(ok).toMatchObject({ ok: true, statusCode: 200, error: null });
      expect(receiver.received.map((m) => m.id)).toEqual(["m1"]);
    } finally {
      await receiver.close();
    }
  });

  it("a redirect is not followed (a public endpoint must not bounce the request inside)", async () => {
    const { createServer: http } = await import("node:http");
    const redirecting = http((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/internal` }).end());
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", r));
    try {
      const at = `http://127.0.0.1:${(redirecting.address() as { port: number }).port}/hook`;
      const out = await postWebhook(at, "{}", {}, { timeoutMs: 2000, policy: { allowPrivate: true, allowLoopback: false } });
      expect(out).toMatchObject({ ok: false, statusCode: 302, error: "HTTP 302" });
      expect(connections).toBe(0);
    } finally {
      await new Promise((r) => redirecting.close(r));
    }
  });

  it("a timeout is an attempt that failed, with its reason", async () => {
    const receiver = await startStandardReceiver(() => "hang");
    try {
      const out = await postWebhook(receiver.url, "{}", {}, { timeoutMs: 300, policy: { allowPrivate: true, allowLoopback: false } });
      expect(out).toMatchObject({ ok: false, statusCode: null, error: "timed out after 300 ms" });
    } finally {
      await receiver.close();
    }
  });
});
