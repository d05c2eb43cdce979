import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_CLIENT_POLICY, CLIENT_POLICY } from "~/domain/auth/throttle";
import { createPool } from "../db/pool";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { newOrg } from "../../../tests/helpers/callers";
import type { CreatedOrg } from "../orgs/create-org";
import { findSession } from "./sessions";
import { signInWithPassword } from "./sign-in";
import { setUserDisabled } from "./users";

// Issue 8, finding 8: limits per client IP and per (account, IP), in Postgres where every instance
// sees them, with growing delays rather than a lockout the owner cannot pass. Time is passed in.

let db: TestDb;
let owner: CreatedOrg;
const PASSWORD = "correct horse battery staple";
beforeAll(async () => {
  db = await createTestDb(4);
  owner = await newOrg(db.pool, "Owner Org");
});
afterAll(async () => db?.drop());

const SECOND = 1000;
const at = (t0: Date, ms: number) => new Date(t0.getTime() + ms);
const attempt = (email: string, password: string, ip: string, now: Date, pool = db.pool) => signInWithPassword({ email, password }, { ip }, pool, now);

describe("signInWithPassword", () => {
  it("the right password starts a session; a wrong one and an unknown email get the same refusal", async () => {
    const t0 = new Date("2030-03-01T00:00:00Z");
    const ok = await attempt(` ${owner.email.toUpperCase()} `, PASSWORD, "198.51.100.1", t0);
    expect(ok).toMatchObject({ ok: true, user: { userId: owner.userId, orgId: owner.orgId, name: "Owner" } });
    expect(await findSession(db.pool, (ok as { sid: string }).sid, t0)).toMatchObject({ userId: owner.userId });
    expect(await attempt(owner.email, "nope", "198.51.100.1", t0)).toEqual({ ok: false, reason: "wrong", email: owner.email });
    expect(await attempt("nobody@example.com", PASSWORD, "198.51.100.1", t0)).toEqual({ ok: false, reason: "wrong", email: "nobody@example.com" });
    expect(await attempt("", "", "198.51.100.1", t0)).toMatchObject({ ok: false, reason: "missing" });
  });

  it("a disabled user is refused even with the right password", async () => {
    const org = await newOrg(db.pool, "To disable");
    await setUserDisabled(db.pool, org.email, true);
    expect(await attempt(org.email, PASSWORD, "198.51.100.2", new Date())).toMatchObject({ ok: false, reason: "disabled" });
  });

  it("guessing one account from one IP: free tries, then waits of 1 s, 2 s, 4 s… (refused without a password check)", async () => {
    const ip = "203.0.113.10";
    const t0 = new Date("2030-03-02T00:00:00Z");
    for (let i = 0; i < ACCOUNT_CLIENT_POLICY.free; i++) expect(await attempt(owner.email, `guess ${i}`, ip, t0)).toMatchObject({ reason: "wrong" });
    let now = t0;
    for (const wait of [1, 2, 4, 8]) {
      expect(await attempt(owner.email, `guess at ${now.toISOString()}`, ip, now)).toMatchObject({ reason: "wrong" });
      // Right after that failure: refused for `wait` seconds, even with the right password.
      expect(await attempt(owner.email, PASSWORD, ip, at(now, 10))).toMatchObject({ ok: false, reason: "throttled", retryAfterSeconds: wait });
      now = at(now, wait * SECOND);
    }
    // The owner, from another IP, is not slowed at all.
    expect(await attempt(owner.email, PASSWORD, "192.0.2.77", at(now, -SECOND))).toMatchObject({ ok: true });
    // And from the guessed IP, once the wait has passed, the right password works and resets it.
    expect(await attempt(owner.email, PASSWORD, ip, now)).toMatchObject({ ok: true });
    expect(await attempt(owner.email, "again wrong", ip, at(now, 10))).toMatchObject({ reason: "wrong" });
  });

  it("the wait stops growing at the cap: a slow owner on the attacker's network always gets in", async () => {
    const ip = "203.0.113.11";
    const org = await newOrg(db.pool, "Capped");
    let now = new Date("2030-03-03T00:00:00Z");
    let last = 0;
    for (let i = 0; i < 20; i++) {
      await attempt(org.email, `guess ${i}`, ip, now);
      const refused = await attempt(org.email, "x", ip, at(now, 1));
      last = refused.ok ? 0 : (refused.retryAfterSeconds ?? 0) * SECOND;
      now = at(now, Math.max(last, 1));
    }
    expect(last).toBe(ACCOUNT_CLIENT_POLICY.capMs);
    expect(await attempt(org.email, PASSWORD, ip, now)).toMatchObject({ ok: true });
  });

  it("spraying one password over many accounts from one IP is slowed; other IPs are not", async () => {
    const ip = "203.0.113.20";
    const t0 = new Date("2030-03-04T00:00:00Z");
    for (let i = 0; i < CLIENT_POLICY.free; i++) {
      expect(await attempt(`victim${i}@example.com`, "Winter2030!", ip, t0)).toMatchObject({ reason: "wrong" });
    }
    expect(await attempt("victim-next@example.com", "Winter2030!", ip, t0)).toMatchObject({ reason: "wrong" });
    expect(await attempt("yet-another@example.com", "Winter2030!", ip, at(t0, 10))).toMatchObject({ reason: "throttled" });
    expect(await attempt(owner.email, PASSWORD, "203.0.113.21", at(t0, 10))).toMatchObject({ ok: true });
  });

  it("an IPv6 client is counted by its /64: rotating addresses inside it does not reset the count", async () => {
    const t0 = new Date("2030-03-05T00:00:00Z");
    const org = await newOrg(db.pool, "IPv6");
    for (let i = 0; i <= ACCOUNT_CLIENT_POLICY.free; i++) await attempt(org.email, `guess ${i}`, `2001:db8:1:2::${i + 1}`, t0);
    expect(await attempt(org.email, PASSWORD, "2001:db8:1:2:ffff::9", at(t0, 10))).toMatchObject({ reason: "throttled" });
    expect(await attempt(org.email, PASSWORD, "2001:db8:1:3::1", at(t0, 10))).toMatchObject({ ok: true });
  });

  it("two instances (two pools) share the count: failures on one slow the other", async () => {
    const other = createPool(db.url, 2);
    try {
      const ip = "203.0.113.30";
      const org = await newOrg(db.pool, "Shared");
      const t0 = new Date("2030-03-06T00:00:00Z");
      for (let i = 0; i <= ACCOUNT_CLIENT_POLICY.free; i++) await attempt(org.email, `guess ${i}`, ip, t0, i % 2 ? other : db.pool);
      expect(await attempt(org.email, PASSWORD, ip, at(t0, 10), other)).toMatchObject({ reason: "throttled" });
      expect(await attempt(org.email, PASSWORD, ip, at(t0, 10), db.pool)).toMatchObject({ reason: "throttled" });
    } finally {
      await other.end();
    }
  });

  it("parallel guesses cannot slip past the wait: each attempt is counted before its password is checked", async () => {
    const ip = "203.0.113.40";
    const org = await newOrg(db.pool, "Parallel");
    const t0 = new Date("2030-03-07T00:00:00Z");
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(org.email, `parallel ${i}`, ip, t0)));
    const checked = outcomes.filter((o) => !o.ok && o.reason === "wrong").length;
    expect(checked).toBe(ACCOUNT_CLIENT_POLICY.free + 1);
    expect(outcomes.filter((o) => !o.ok && o.reason === "throttled")).toHaveLength(12 - checked);
  });
});
