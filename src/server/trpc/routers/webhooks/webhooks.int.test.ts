import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg, sessionCaller } from "../../../../../tests/helpers/callers";
import { createTestDb, type TestDb } from "../../../../../tests/helpers/test-db";
import { callError } from "../../../../../tests/helpers/trpc-errors";
import type { CreatedOrg } from "../../../orgs/create-org";
import { openSecret } from "../../../webhooks/secret-box";

// webhooks.* through tRPC as Settings calls them: a session only, every query scoped by the
// caller's org (org B tries every procedure on org A's endpoint), URLs checked before anything is stored.

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
// A public address literal: accepted under the default policy without DNS (ALLOW_PRIVATE_WEBHOOKS is off here).
const PUBLIC_URL = "https://93.184.216.34/hooks/calm";

beforeAll(async () => {
  db = await createTestDb(4);
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Webhooks A"), newOrg(db.pool, "Webhooks B")]);
});
afterAll(async () => db?.drop());

describe("webhooks procedures", () => {
  it("create → list → update → rotate → delete; the secret is shown once and stored encrypted", async () => {
    const a = sessionCaller(db.pool, orgA);
    const made = await a.webhooks.create({ url: PUBLIC_URL, description: "CRM sync", event_types: ["lead_created", "lead_created"] });
    expect(made.secret).toMatch(/^whsec_/);
    expect(made.endpoint).toMatchObject({ url: PUBLIC_URL, description: "CRM sync", event_types: ["lead_created"], loop_changes: [], enabled: true, pending: 0, dead: 0 });
    expect(made.endpoint.created_by).toEqual({ id: orgA.userId, name: "Owner" });
    expect(JSON.stringify(await a.webhooks.list())).not.toContain(made.secret);
    const stored = await db.pool.query<{ secret_enc: string }>("SELECT secret_enc FROM webhook_endpoints WHERE id = $1", [made.endpoint.id]);
    expect(stored.rows[0]!.secret_enc).not.toContain(made.secret.slice(6, 20));
    expect(openSecret(stored.rows[0]!.secret_enc)).toBe(made.secret);

    const updated = await a.webhooks.update({ id: made.endpoint.id, event_types: null, loop_changes: ["opened", "closed"], enabled: false });
    expect(updated).toMatchObject({ url: PUBLIC_URL, description: "CRM sync", event_types: null, loop_changes: ["opened", "closed"], enabled: false });
    const rotated = await a.webhooks.rotateSecret({ id: made.endpoint.id, overlapHours: 2 });
    expect(rotated.secret).not.toBe(made.secret);
    expect((await a.webhooks.get({ id: made.endpoint.id })).previous_secret_expires_at).toBe(rotated.previous_secret_expires_at);
    expect(await a.webhooks.delete({ id: made.endpoint.id })).toEqual({ deleted: true });
    expect((await a.webhooks.list()).items).toEqual([]);
  });

  it("org B can neither see nor touch org A's endpoint: NOT_FOUND for each procedure", async () => {
    const a = sessionCaller(db.pool, orgA);
    const b = sessionCaller(db.pool, orgB);
    const { endpoint } = await a.webhooks.create({ url: PUBLIC_URL });
    const id = endpoint.id;
    await db.pool.query(
      `INSERT INTO webhook_deliveries (endpoint_id, org_id, message_id, type, order_key, occurred_at, data, status)
       VALUES ($1, $2, 'm1', 'webhook.test', 'test:m1', now(), '{}', 'dead')`,
      [id, orgA.orgId],
    );
    const deliveryId = (await db.pool.query<{ id: string }>("SELECT id::text FROM webhook_deliveries WHERE endpoint_id = $1", [id])).rows[0]!.id;
    expect((await b.webhooks.list()).items).toEqual([]);
    for (const call of [
      () => b.webhooks.get({ id }),
      () => b.webhooks.update({ id, url: "https://93.184.216.35/steal" }),
      () => b.webhooks.rotateSecret({ id }),
      () => b.webhooks.delete({ id }),
      () => b.webhooks.deliveries({ id }),
      () => b.webhooks.redeliver({ id, deliveryId }),
      () => b.webhooks.test({ id }),
    ]) {
      expect(await callError(call())).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
    }
    // Not even by pairing their own endpoint with A's delivery id.
    const own = await b.webhooks.create({ url: PUBLIC_URL });
    expect((await callError(b.webhooks.redeliver({ id: own.endpoint.id, deliveryId }))).code).toBe("NOT_FOUND");
    expect(await a.webhooks.get({ id })).toMatchObject({ url: PUBLIC_URL, dead: 1 });
    const n = await db.pool.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1", [id]);
    expect(n.rows[0].n).toBe(1);
  });

  it("API keys are refused (FORBIDDEN): webhooks are managed by a signed-in user", async () => {
    const key = apiCaller(db.pool, orgA);
    for (const call of [() => key.webhooks.list(), () => key.webhooks.create({ url: PUBLIC_URL })]) {
      const err = await callError(call());
      expect(err).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
      expect(err.message).toMatch(/only a signed-in user/);
    }
  });

  it.each([
    ["http://93.184.216.34/hook", "url must use https"],
    ["https://user:pw@93.184.216.34/hook", "url must not hold a user name or password: the signature authenticates Calm to the receiver"],
    ["https://127.0.0.1/hook", "url must reach a public address: 127.0.0.1 is a loopback address"],
    ["https://[::1]:8443/hook", "url must reach a public address: ::1 is a loopback address"],
    ["https://10.0.0.7/hook", "url must reach a public address: 10.0.0.7 is a private address"],
    ["https://169.254.169.254/latest/meta-data", "url must reach a public address: 169.254.169.254 is a link-local address"],
    ["https://localhost:9/hook", "url must reach a public address: localhost resolves to 127.0.0.1 is a loopback address"],
    ["ftp://93.184.216.34/hook", "url must be an https URL"],
    ["not a url", "url must be an absolute URL such as https://hooks.example.com/calm"],
  ])("refuses %s, naming the field, and stores nothing", async (url, message) => {
    const a = sessionCaller(db.pool, orgA);
    const before = (await a.webhooks.list()).items.length;
    const err = await callError(a.webhooks.create({ url }));
    expect(err).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: ["url"], message }] });
    expect((await a.webhooks.list()).items).toHaveLength(before);
  });

  it("bad input names its field", async () => {
    const a = sessionCaller(db.pool, orgA);
    const err = await callError(a.webhooks.create({ url: PUBLIC_URL, event_types: ["no_such_type"] } as never));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.issues?.[0]?.path).toEqual(["event_types", 0]);
    expect((await callError(a.webhooks.rotateSecret({ id: "00000000-0000-4000-8000-000000000000", overlapHours: 1000 }))).issues?.[0]?.path).toEqual(["overlapHours"]);
  });
});
