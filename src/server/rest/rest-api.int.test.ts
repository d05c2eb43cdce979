import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { compileErrors, validate } from "@readme/openapi-parser";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg } from "../../../tests/helpers/callers";
import { projectAll } from "../../../tests/helpers/projection";
import { belowHorizon } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { issueApiKey } from "../auth/api-keys";
import { createKeyLimiter, type KeyLimiter } from "../auth/key-rate-limit";
import type { CreatedOrg } from "../orgs/create-org";
import { protectedProcedure, router } from "../trpc/init";
import { appRouter } from "../trpc/root";
import { handleRest } from "./handle-rest";
import { openApiDocument } from "./openapi";
import { restOperations } from "./operations";
import { restApi } from "./rest-api";

// The REST API over real HTTP (the handler the /api/v1 route mounts), on a database of its own.

const run = promisify(execFile);
let db: TestDb;
let org: CreatedOrg;
let server: Server;
let base: string;
let limiter: KeyLimiter = async () => ({ ok: true });

beforeAll(async () => {
  db = await createTestDb(4);
  org = await newOrg(db.pool, "REST");
  server = createServer((req, res) => void handleRest(req, res, { db: db.pool, limiter }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await db?.drop();
});

const python = async (env: Record<string, string>) => {
  const { stdout } = await run("python3", [path.resolve(import.meta.dirname, "../../../tests/clients/rest_client.py")], {
    env: { ...process.env, CALM_URL: base, CALM_KEY: org.apiKey, ...env },
  });
  return JSON.parse(stdout) as Record<string, unknown>;
};
const api = (p: string, init: RequestInit & { key?: string } = {}) =>
  fetch(`${base}/api/v1${p}`, { ...init, headers: { authorization: `Bearer ${init.key ?? org.apiKey}`, "content-type": "application/json", ...init.headers } });

describe("the REST API", () => {
  it("a Python client appends, reads timelines and time travel, lists and dismisses loops", async () => {
    const first = await python({ CALM_PHASE: "append" });
    expect(first.openapi).toEqual([200, "3.1.0", expect.arrayContaining(["/events/append", "/events/append-batch", "/entities/timeline", "/entities/as-of", "/loops/list", "/loops/dismiss", "/loops/resolve"])]);
    expect(first.append).toEqual([200, false, 1]);
    expect(first.again).toEqual([200, true]);
    expect(first.clash).toEqual([409, "CONFLICT"]);
    expect(first.batch).toEqual([200, 2, 0]);
    expect(first.expectedVersion).toEqual([409, "CONFLICT"]);
    expect(first.bad).toEqual([400, "BAD_REQUEST", ["payload", "name"]]);
    expect(first.timeline).toEqual([200, [3, 2], 2]);
    expect(first.timeline2).toEqual([200, [1]]);
    expect(first.asOf).toEqual([200, 3, ["new_lead"]]);
    expect(first.badQuery).toEqual([400, ["limit"]]);

    await belowHorizon(db.pool);
    await projectAll(db.pool, () => new Date());
    const second = await python({ CALM_PHASE: "loops", CALM_DEAL: String(first.deal) });
    expect(second).toEqual({ loops: [200, "new_lead", "active"], dismiss: [200, "loop_dismissed"], again: [409, "CONFLICT"], summary: 200 });
  });

  it("scopes: a read-only key reads, and is refused appends with a 403 naming the scope", async () => {
    const reader = await issueApiKey(db.pool, { orgId: org.orgId, name: "reader", scopes: ["read"] });
    expect((await api("/loops/summary", { key: reader!.key })).status).toBe(200);
    const res = await api("/events/append", { method: "POST", key: reader!.key, body: "{}" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: 'this API key lacks the "append" scope (Settings → API keys)', issues: null } });
    const dismiss = await api("/loops/dismiss", { method: "POST", key: reader!.key, body: JSON.stringify({ loopId: crypto.randomUUID() }) });
    expect((await dismiss.json()).error.message).toMatch(/lacks the "loops:write" scope/);
    const writer = await issueApiKey(db.pool, { orgId: org.orgId, name: "writer", scopes: ["append"] });
    expect((await api("/loops/list", { key: writer!.key })).status).toBe(403);
  });

  it("credentials, methods and paths: 401, 405, 404 in the error shape; settings are not in the REST API", async () => {
    const anon = await fetch(`${base}/api/v1/loops/list`);
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.code).toBe("UNAUTHORIZED");
    const wrong = await api("/events/append");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    for (const p of ["/webhooks/list", "/api-keys/create", "/live/loops-changed", "/system/health-report", "/nope"]) {
      const res = await api(p);
      expect(res.status, p).toBe(404);
    }
    expect((await fetch(`${base}/api/v1/system/health`)).status).toBe(200); // public
    const notJson = await api("/events/append", { method: "POST", body: "{oops" });
    expect([notJson.status, (await notJson.json()).error.message]).toEqual([400, "the body is not valid JSON"]);
    // A body over MAX_BODY_BYTES: 413 in the REST error shape too (not tRPC's envelope).
    const huge = await api("/events/append-batch", { method: "POST", body: " ".repeat(8 * 1024 * 1024 + 1) });
    expect([huge.status, await huge.json()]).toEqual([413, { error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/larger than 8 MiB \(MAX_BODY_BYTES\)/), issues: null } }]);
  });

  it("429 with Retry-After once a key passes its rate (Postgres and Redis stores count alike)", async () => {
    const { createStreamsRedis, whenReady } = await import("../relay/streams-redis");
    const { TEST_REDIS_URL } = await import("../../../tests/helpers/services");
    const redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
    try {
      for (const store of [{ pool: db.pool }, { redis }]) {
        // Windows stretched to a minute: the count cannot reset between these requests, however slow the machine.
        limiter = createKeyLimiter({ perSecond: 2, burst: 3 }, store, 60);
        const statuses: number[] = [];
        let retryAfter: string | null = null;
        let body: unknown;
        for (let i = 0; i < 5; i++) {
          const res = await api("/loops/summary");
          statuses.push(res.status);
          if (res.status === 429) {
            retryAfter = res.headers.get("retry-after");
            body = await res.json();
          } else await res.arrayBuffer();
        }
        // 2 in the (stretched) second and 1 from the burst allowance, then refused until the window ends.
        expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
        expect(statuses.slice(3)).toEqual([429, 429]);
        expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(retryAfter)).toBeLessThanOrEqual(60);
        expect(body).toMatchObject({ error: { code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/retry after \d+ s/) } });
        // Another key is counted apart.
        const other = await issueApiKey(db.pool, { orgId: org.orgId, name: "other", scopes: ["read"] });
        expect((await api("/loops/summary", { key: other!.key })).status).toBe(200);
      }
    } finally {
      limiter = async () => ({ ok: true });
      redis.disconnect();
    }
  });

  it("the OpenAPI document validates (OpenAPI 3.1) and lists every procedure machines may call", async () => {
    const doc = await (await fetch(`${base}/api/v1/openapi.json`)).json();
    const result = await validate(structuredClone(doc));
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(result).toMatchObject({ valid: true, specification: "OpenAPI", warnings: [] });
    const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, { _def: { type: string; meta?: { sessionOnly?: boolean } } }> }).procedures)
      .filter(([, p]) => p._def.type !== "subscription" && !p._def.meta?.sessionOnly)
      .map(([name]) => name)
      .sort();
    const documented = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId)).sort();
    expect(documented).toEqual(procedures);
    expect(doc.paths["/events/append-batch"].post.requestBody.content["application/json"].schema).toMatchObject({
      properties: { events: { minItems: 1, maxItems: 1000, items: { oneOf: expect.any(Array) } } },
    });
    // Each field of the input as a parameter (the list grows with the schema: no list kept here).
    const listInput = (appRouter._def as unknown as { procedures: Record<string, { _def: { inputs: z.ZodObject[] } }> }).procedures["loops.list"]!._def.inputs[0]!;
    expect(doc.paths["/loops/list"].get.parameters.map((p: { name: string }) => p.name)).toEqual(Object.keys(listInput.shape));
    expect(doc.paths["/loops/list"].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["status", "type", "severity", "cursor", "limit"]));
    expect(doc.paths["/events/append"].post["x-calm-scope"]).toBe("append");
    expect(doc.paths["/loops/dismiss"].post["x-calm-scope"]).toBe("loops:write");
    expect(doc.paths["/system/health"].get.security).toEqual([]);
    expect(restApi().document).toEqual(doc);
  });

  it("a procedure added to the router is in the API and the document with no hand work", async () => {
    const extended = router({
      ...appRouter._def.record,
      invoices: router({ remind: protectedProcedure.meta({ scope: "append" }).input(z.object({ invoiceId: z.uuid(), channel: z.enum(["email", "sms"]) })).mutation(() => ({ ok: true })) }),
    });
    const ops = restOperations(extended);
    expect(ops.find((o) => o.procedure === "invoices.remind")).toMatchObject({ path: "/invoices/remind", method: "POST", scope: "append" });
    const doc = openApiDocument(ops, "test");
    expect(doc.paths["/invoices/remind"]!.post).toMatchObject({
      operationId: "invoices.remind",
      requestBody: { content: { "application/json": { schema: { properties: { channel: { enum: ["email", "sms"] } }, required: ["invoiceId", "channel"] } } } },
    });
    expect((await validate(structuredClone(doc) as never)).valid).toBe(true);
  });
});
