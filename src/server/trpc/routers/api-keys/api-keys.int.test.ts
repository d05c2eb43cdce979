import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg, sessionCaller } from "../../../../../tests/helpers/callers";
import { leadCreated } from "../../../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../../../tests/helpers/test-db";
import { callError } from "../../../../../tests/helpers/trpc-errors";
import { resolveCaller } from "../../../auth/credentials";
import { createTtlCache } from "../../../auth/ttl-cache";
import { noteKeyUse } from "../../../auth/key-usage";
import type { CreatedOrg } from "../../../orgs/create-org";
import { createInnerContext } from "../../context";
import { createCaller } from "../../root";

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb(4);
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Keys A"), newOrg(db.pool, "Keys B")]);
});
afterAll(async () => db?.drop());

const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });
const keyCaller = (orgId: string, keyId: string, scopes: string[]) => createCaller(createInnerContext({ caller: { kind: "apiKey", orgId, keyId, scopes }, db: db.pool }));

describe("apiKeys procedures", () => {
  it("create shows the key once; list shows name, scopes, creator, last use, never the key", async () => {
    const a = sessionCaller(db.pool, orgA);
    const made = await a.apiKeys.create({ name: "  Zapier  ", scopes: ["read", "append"] });
    expect(made.key).toMatch(/^calm_[A-Za-z0-9_-]{43}$/);
    expect(made.item).toMatchObject({ name: "Zapier", prefix: made.key.slice(0, 12), scopes: ["read", "append"], created_by: { id: orgA.userId, name: "Owner" }, last_used_at: null, revoked_at: null });
    const list = await a.apiKeys.list();
    expect(list.items.map((k) => k.name)).toEqual(["Zapier", "default"]);
    expect(JSON.stringify(list)).not.toContain(made.key);
    // The key works, with its scopes, and its use shows.
    const caller = await resolveCaller(db.pool, bearer(made.key));
    expect(caller).toMatchObject({ kind: "apiKey", orgId: orgA.orgId, keyId: made.item.id, scopes: ["read", "append"] });
    expect((await a.apiKeys.list()).items[0]!.last_used_at).not.toBeNull();
  });

  it("revoke refuses the key at once; another org's key is NOT_FOUND and stays live", async () => {
    const a = sessionCaller(db.pool, orgA);
    const b = sessionCaller(db.pool, orgB);
    const made = await a.apiKeys.create({ name: "to revoke", scopes: ["read"] });
    expect(await resolveCaller(db.pool, bearer(made.key))).not.toBeNull();
    expect(await callError(b.apiKeys.revoke({ id: made.item.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await resolveCaller(db.pool, bearer(made.key))).not.toBeNull();
    expect((await b.apiKeys.list()).items.map((k) => k.id)).not.toContain(made.item.id);
    expect(await a.apiKeys.revoke({ id: made.item.id })).toEqual({ revoked: true });
    expect(await resolveCaller(db.pool, bearer(made.key))).toBeNull();
    expect((await a.apiKeys.list()).items.find((k) => k.id === made.item.id)?.revoked_at).not.toBeNull();
    expect(await callError(a.apiKeys.revoke({ id: made.item.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("API keys cannot manage keys (FORBIDDEN), whatever their scopes", async () => {
    const key = keyCaller(orgA.orgId, orgA.keyId, ["read", "append", "loops:write", "act_as_users"]);
    for (const call of [() => key.apiKeys.list(), () => key.apiKeys.create({ name: "x", scopes: ["read"] }), () => key.apiKeys.revoke({ id: orgA.keyId })]) {
      expect(await callError(call())).toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("bad input names the field", async () => {
    const a = sessionCaller(db.pool, orgA);
    expect((await callError(a.apiKeys.create({ name: "", scopes: ["read"] }))).issues?.[0]?.path).toEqual(["name"]);
    expect((await callError(a.apiKeys.create({ name: "x", scopes: [] }))).issues?.[0]?.path).toEqual(["scopes"]);
    expect((await callError(a.apiKeys.create({ name: "x", scopes: ["admin"] } as never))).issues?.[0]?.path).toEqual(["scopes", 0]);
  });

  it("last_used_at moves at most once a minute per key", async () => {
    const keyId = orgB.keyId;
    const cache = createTtlCache<true>({ ttlMs: 60_000 });
    const lastUsed = async () => (await db.pool.query<{ t: Date | null }>("SELECT last_used_at AS t FROM api_keys WHERE id = $1", [keyId])).rows[0]!.t;
    const t0 = new Date("2031-01-01T00:00:00Z");
    await noteKeyUse(db.pool, keyId, t0, cache);
    expect(await lastUsed()).toEqual(t0);
    await noteKeyUse(db.pool, keyId, new Date(t0.getTime() + 30_000), cache);
    expect(await lastUsed()).toEqual(t0);
    // Another instance (its own cache) within the minute does not write either.
    await noteKeyUse(db.pool, keyId, new Date(t0.getTime() + 45_000), createTtlCache<true>({ ttlMs: 60_000 }));
    expect(await lastUsed()).toEqual(t0);
    const t1 = new Date(t0.getTime() + 61_000);
    await noteKeyUse(db.pool, keyId, t1, cache);
    expect(await lastUsed()).toEqual(t1);
  });
});

describe("scopes on every procedure", () => {
  it("reads need read, appends append, loop commands loops:write: a missing scope is a 403 naming it, and writes nothing", async () => {
    const noRead = keyCaller(orgA.orgId, orgA.keyId, ["append", "loops:write"]);
    for (const call of [() => noRead.loops.list({}), () => noRead.entities.timeline({ type: "deal", id: randomUUID() }), () => noRead.org.identity()]) {
      expect(await callError(call())).toMatchObject({ code: "FORBIDDEN", httpStatus: 403, message: 'this API key lacks the "read" scope (Settings → API keys)' });
    }
    const readOnly = keyCaller(orgA.orgId, orgA.keyId, ["read"]);
    const e = leadCreated();
    expect((await callError(readOnly.events.append(e))).message).toMatch(/lacks the "append" scope/);
    expect((await callError(readOnly.events.appendBatch({ events: [e] }))).message).toMatch(/lacks the "append" scope/);
    expect((await callError(readOnly.loops.dismiss({ loopId: randomUUID() }))).message).toMatch(/lacks the "loops:write" scope/);
    expect((await callError(readOnly.loops.resolve({ loopId: randomUUID() }))).message).toMatch(/lacks the "loops:write" scope/);
    expect((await db.pool.query("SELECT 1 FROM system_events WHERE id = $1", [e.id])).rowCount).toBe(0);
    // A session holds every scope; a key resolved in code without scopes holds the defaults.
    expect((await sessionCaller(db.pool, orgA).events.append(e)).duplicate).toBe(false);
    expect((await apiCaller(db.pool, orgA).loops.list({})).items).toBeDefined();
  });
});
