import { sealData } from "iron-session";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { newOrg } from "../../../tests/helpers/callers";
import { KEY_CACHE_MS, generateApiKey, orgForApiKey, revokeApiKey } from "./api-keys";
import type { CreatedOrg } from "../orgs/create-org";
import { resolveCaller } from "./credentials";
import { SESSION_COOKIE } from "./session";

let db: TestDb;
let org: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  org = await newOrg(db.pool);
});
afterAll(async () => db?.drop());
afterEach(() => vi.useRealTimers());

const SECRET = process.env.SESSION_SECRET!;
const TTL = 60 * 60 * 24 * 14;
const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });
const cookie = (value: string, others = "") => new Headers({ cookie: `${others}${SESSION_COOKIE}=${encodeURIComponent(value)}` });
const seal = (data: object, password = SECRET) => sealData(data, { password, ttl: TTL });

describe("resolveCaller with an API key", () => {
  it("a valid Bearer key resolves to its org", async () => {
    const caller = await resolveCaller(db.pool, bearer(org.apiKey));
    expect(caller).toMatchObject({ kind: "apiKey", orgId: org.orgId });
    const row = await db.pool.query("SELECT id FROM api_keys WHERE org_id = $1", [org.orgId]);
    expect(caller).toEqual({ kind: "apiKey", orgId: org.orgId, keyId: row.rows[0].id });
    expect(await resolveCaller(db.pool, new Headers({ authorization: `bearer   ${org.apiKey}` }))).toMatchObject({ orgId: org.orgId });
  });

  it.each([
    ["an unknown key", () => generateApiKey().key],
    ["the key with one character changed", () => org.apiKey.slice(0, -1) + (org.apiKey.endsWith("A") ? "B" : "A")],
    ["the stored hash instead of the key", () => generateApiKey().hash],
    ["an empty key", () => ""],
    ["a huge key", () => `calm_${"x".repeat(100_000)}`],
  ])("%s resolves to null", async (_what, key) => {
    expect(await resolveCaller(db.pool, bearer(key()))).toBeNull();
  });

  it("a non-Bearer scheme resolves to null", async () => {
    expect(await resolveCaller(db.pool, new Headers({ authorization: `Basic ${org.apiKey}` }))).toBeNull();
  });

  it("a key revoked through revokeApiKey resolves to null at once", async () => {
    const other = await newOrg(db.pool, "Revoked");
    const caller = await resolveCaller(db.pool, bearer(other.apiKey));
    expect(caller).toMatchObject({ kind: "apiKey", orgId: other.orgId });
    await revokeApiKey(db.pool, other.orgId, (caller as { keyId: string }).keyId);
    expect(await resolveCaller(db.pool, bearer(other.apiKey))).toBeNull();
  });

  it("a key revoked in the database directly stops working once the key cache expires", async () => {
    const other = await newOrg(db.pool, "Revoked elsewhere");
    expect(await orgForApiKey(db.pool, other.apiKey)).not.toBeNull();
    await db.pool.query("UPDATE api_keys SET revoked_at = now() WHERE org_id = $1", [other.orgId]);
    expect(await orgForApiKey(db.pool, other.apiKey, Date.now() + KEY_CACHE_MS + 1)).toBeNull();
  });

  it("a bad key is not downgraded to the session cookie sent alongside", async () => {
    const headers = new Headers({
      authorization: "Bearer calm_wrong",
      cookie: `${SESSION_COOKIE}=${encodeURIComponent(await seal({ userId: org.userId, orgId: org.orgId }))}`,
    });
    expect(await resolveCaller(db.pool, headers)).toBeNull();
  });
});

describe("resolveCaller with a session cookie", () => {
  it("a valid sealed cookie resolves to a session caller acting as the user", async () => {
    const sealed = await seal({ userId: org.userId, orgId: org.orgId, name: "Owner" });
    const expected = { kind: "session", orgId: org.orgId, userId: org.userId, actor: { id: org.userId, type: "user" }, name: "Owner" };
    expect(await resolveCaller(db.pool, cookie(sealed))).toEqual(expected);
    // Among other cookies, too.
    expect(await resolveCaller(db.pool, cookie(sealed, "theme=dark; other_session=abc; "))).toEqual(expected);
  });

  it.each([
    ["a tampered cookie", async () => {
      const s = await seal({ userId: org.userId, orgId: org.orgId });
      const i = Math.floor(s.length / 2);
      return s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);
    }],
    ["a cookie sealed with another secret", () => seal({ userId: org.userId, orgId: org.orgId }, "another-secret-0123456789-abcdefghijkl")],
    ["a cookie without an org", () => seal({ userId: org.userId })],
    ["an empty session", () => seal({})],
    ["garbage", async () => "Fe26.2**garbage"],
    ["malformed percent-encoding", async () => "%E0%A4%A"],
  ])("%s resolves to null", async (_what, make) => {
    const value = await make();
    const headers = new Headers({ cookie: `${SESSION_COOKIE}=${value.startsWith("%") ? value : encodeURIComponent(value)}` });
    expect(await resolveCaller(db.pool, headers)).toBeNull();
  });

  it("a cookie older than the session lifetime resolves to null; one just younger still works", async () => {
    const sealedAgo = async (seconds: number) => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.now() - seconds * 1000);
      const sealed = await seal({ userId: org.userId, orgId: org.orgId });
      vi.useRealTimers();
      return sealed;
    };
    expect(await resolveCaller(db.pool, cookie(await sealedAgo(TTL + 3600)))).toBeNull();
    expect(await resolveCaller(db.pool, cookie(await sealedAgo(TTL - 3600)))).toMatchObject({ kind: "session" });
  });

  it("no credential at all resolves to null", async () => {
    expect(await resolveCaller(db.pool, new Headers())).toBeNull();
    expect(await resolveCaller(db.pool, new Headers({ cookie: "theme=dark" }))).toBeNull();
  });
});
