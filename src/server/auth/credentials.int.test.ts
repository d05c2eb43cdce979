import { sealData } from "iron-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { newOrg } from "../../../tests/helpers/callers";
import type { CreatedOrg } from "../orgs/create-org";
import { KEY_CACHE_MS, type KeyOwner, generateApiKey, issueApiKey, orgForApiKey, revokeApiKey } from "./api-keys";
import { resolveCaller } from "./credentials";
import { SESSION_COOKIE } from "./session-cookie";
import { endSession, startSession } from "./sessions";
import { createTtlCache } from "./ttl-cache";

let db: TestDb;
let org: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  org = await newOrg(db.pool);
});
afterAll(async () => db?.drop());

const SECRET = process.env.SESSION_SECRET!;
const TTL = 60 * 60 * 24 * 30;
const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });
const cookie = (value: string, others = "") => new Headers({ cookie: `${others}${SESSION_COOKIE}=${encodeURIComponent(value)}` });
const seal = (data: object, password = SECRET) => sealData(data, { password, ttl: TTL });
const signedIn = async (who = org) => seal({ sid: await startSession(db.pool, who) });

describe("resolveCaller with an API key", () => {
  it("a valid Bearer key resolves to its org, with its scopes", async () => {
    const row = await db.pool.query("SELECT id FROM api_keys WHERE org_id = $1", [org.orgId]);
    expect(await resolveCaller(db.pool, bearer(org.apiKey))).toEqual({
      kind: "apiKey", orgId: org.orgId, keyId: row.rows[0].id, scopes: ["read", "append", "loops:write"],
    });
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
    expect(await revokeApiKey(db.pool, other.orgId, other.keyId)).toBe(true);
    expect(await resolveCaller(db.pool, bearer(other.apiKey))).toBeNull();
  });

  it("a key revoked by another instance stops here within a second (issue 8, finding 12)", async () => {
    // Two instances: each process has its own cache; the key is warm in both when it is revoked on A.
    const instanceA = createTtlCache<KeyOwner>({ ttlMs: KEY_CACHE_MS });
    const instanceB = createTtlCache<KeyOwner>({ ttlMs: KEY_CACHE_MS });
    const other = await newOrg(db.pool, "Revoked elsewhere");
    const t0 = Date.now();
    expect(await orgForApiKey(db.pool, other.apiKey, t0, instanceA)).not.toBeNull();
    expect(await orgForApiKey(db.pool, other.apiKey, t0, instanceB)).not.toBeNull();
    await revokeApiKey(db.pool, other.orgId, other.keyId, instanceA);
    expect(await orgForApiKey(db.pool, other.apiKey, t0, instanceA)).toBeNull();
    // B answers from its cache for less than a second, then asks the database.
    expect(KEY_CACHE_MS).toBeLessThanOrEqual(1000);
    expect(await orgForApiKey(db.pool, other.apiKey, t0 + 1000, instanceB)).toBeNull();
  });

  it("a key issued with act_as_users carries that scope; a key for an unknown org is not issued", async () => {
    const made = await issueApiKey(db.pool, { orgId: org.orgId, name: "importer", scopes: ["append", "act_as_users"] });
    expect(await orgForApiKey(db.pool, made!.key)).toEqual({ orgId: org.orgId, keyId: made!.keyId, scopes: ["append", "act_as_users"] });
    expect(await issueApiKey(db.pool, { orgId: "00000000-0000-4000-8000-000000000000", name: "x", scopes: ["read"] })).toBeNull();
  });

  it("a bad key is not downgraded to the session cookie sent alongside", async () => {
    const headers = new Headers({ authorization: "Bearer calm_wrong", cookie: `${SESSION_COOKIE}=${encodeURIComponent(await signedIn())}` });
    expect(await resolveCaller(db.pool, headers)).toBeNull();
  });
});

describe("resolveCaller with a session cookie", () => {
  it("a cookie holding a live session resolves to the user, among other cookies too", async () => {
    const sealed = await signedIn();
    const expected = { kind: "session", orgId: org.orgId, userId: org.userId, actor: { id: org.userId, type: "user" }, name: "Owner" };
    expect(await resolveCaller(db.pool, cookie(sealed))).toEqual(expected);
    expect(await resolveCaller(db.pool, cookie(sealed, "theme=dark; other_session=abc; "))).toEqual(expected);
  });

  it("a cookie minted with the server's secret for known ids signs nobody in (issue 8, finding 16)", async () => {
    // The old cookie was {userId, orgId} sealed with SESSION_SECRET: whoever knew the secret (the
    // published .env.example one) and two ids could mint it. Now it must name a stored session.
    expect(await resolveCaller(db.pool, cookie(await seal({ userId: org.userId, orgId: org.orgId, name: "Owner" })))).toBeNull();
    expect(await resolveCaller(db.pool, cookie(await seal({ sid: "A".repeat(43) })))).toBeNull();
  });

  it("a copy of the cookie stops working once that session signs out (issue 8, finding 5)", async () => {
    const sealed = await signedIn();
    expect(await resolveCaller(db.pool, cookie(sealed))).toMatchObject({ kind: "session" });
    const { sidFromCookieValue } = await import("./session-cookie");
    await endSession(db.pool, (await sidFromCookieValue(sealed))!);
    expect(await resolveCaller(db.pool, cookie(sealed))).toBeNull();
  });

  it.each([
    ["a tampered cookie", async () => {
      const s = await signedIn();
      const i = Math.floor(s.length / 2);
      return s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);
    }],
    ["a cookie sealed with another secret", async () => seal({ sid: await startSession(db.pool, org) }, "another-secret-0123456789-abcdefghijkl")],
    ["an empty session", () => seal({})],
    ["garbage", async () => "Fe26.2**garbage"],
    ["malformed percent-encoding", async () => "%E0%A4%A"],
  ])("%s resolves to null", async (_what, make) => {
    const value = await make();
    const headers = new Headers({ cookie: `${SESSION_COOKIE}=${value.startsWith("%") ? value : encodeURIComponent(value)}` });
    expect(await resolveCaller(db.pool, headers)).toBeNull();
  });

  it("no credential at all resolves to null", async () => {
    expect(await resolveCaller(db.pool, new Headers())).toBeNull();
    expect(await resolveCaller(db.pool, new Headers({ cookie: "theme=dark" }))).toBeNull();
  });
});
