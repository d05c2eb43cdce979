import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionPolicy } from "~/domain/auth/session-lifetime";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { newOrg } from "../../../tests/helpers/callers";
import { SESSION_CACHE_MS, endAllSessions, endSession, findSession, startSession } from "./sessions";
import { setUserDisabled } from "./users";

// Issue 8, finding 5: sessions live in the database and end: sign-out, sign out everywhere, a
// disabled or deleted user or org, idle and absolute lifetimes. Time is passed in (no waiting).

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(4);
});
afterAll(async () => db?.drop());

const policy = sessionPolicy(7, 30);
const DAY = 24 * 60 * 60_000;
const at = (t0: Date, ms: number) => new Date(t0.getTime() + ms);
const lastSeen = async (sid: string) => {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256").update(sid).digest("hex");
  return (await db.pool.query<{ t: Date }>("SELECT last_seen_at AS t FROM sessions WHERE id_hash = $1", [hash])).rows[0]?.t;
};

describe("sessions", () => {
  it("a new session signs its user in; the database holds only a hash of its id", async () => {
    const org = await newOrg(db.pool, "Live");
    const t0 = new Date();
    const sid = await startSession(db.pool, org, t0, policy);
    expect(sid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await findSession(db.pool, sid, t0, policy)).toEqual({ userId: org.userId, orgId: org.orgId, name: "Owner" });
    const stored = await db.pool.query("SELECT 1 FROM sessions WHERE id_hash = $1", [sid]);
    expect(stored.rowCount).toBe(0);
  });

  it("sign-out ends that session at once here, and on another instance within a second", async () => {
    const org = await newOrg(db.pool, "Sign out");
    const t0 = new Date();
    const sid = await startSession(db.pool, org, t0, policy);
    expect(await findSession(db.pool, sid, t0, policy)).not.toBeNull();
    await endSession(db.pool, sid, t0);
    expect(await findSession(db.pool, sid, t0, policy)).toBeNull();
    // Another instance learns it from the database once its cache entry (≤ 1 s) is gone.
    expect(SESSION_CACHE_MS).toBeLessThanOrEqual(1000);
  });

  it("a revocation made elsewhere (another instance, SQL) is seen within SESSION_CACHE_MS", async () => {
    const org = await newOrg(db.pool, "Elsewhere");
    const t0 = new Date();
    const sid = await startSession(db.pool, org, t0, policy);
    expect(await findSession(db.pool, sid, t0, policy)).not.toBeNull();
    await db.pool.query("UPDATE sessions SET revoked_at = now() WHERE user_id = $1", [org.userId]);
    expect(await findSession(db.pool, sid, at(t0, SESSION_CACHE_MS), policy)).toBeNull();
  });

  it("sign out everywhere ends every session of the user, not other users'", async () => {
    const org = await newOrg(db.pool, "Everywhere");
    const other = await newOrg(db.pool, "Bystander");
    const t0 = new Date();
    const [laptop, phone, theirs] = await Promise.all([
      startSession(db.pool, org, t0, policy),
      startSession(db.pool, org, t0, policy),
      startSession(db.pool, other, t0, policy),
    ]);
    for (const sid of [laptop, phone, theirs]) expect(await findSession(db.pool, sid, t0, policy)).not.toBeNull();
    expect(await endAllSessions(db.pool, org.userId, t0)).toBe(2);
    expect(await findSession(db.pool, laptop, t0, policy)).toBeNull();
    expect(await findSession(db.pool, phone, t0, policy)).toBeNull();
    expect(await findSession(db.pool, theirs, t0, policy)).not.toBeNull();
  });

  it("a disabled user's sessions stop, and stay ended when the user is enabled again", async () => {
    const org = await newOrg(db.pool, "Disabled");
    const t0 = new Date();
    const sid = await startSession(db.pool, org, t0, policy);
    expect(await findSession(db.pool, sid, t0, policy)).not.toBeNull();
    expect(await setUserDisabled(db.pool, org.email, true, t0)).toMatchObject({ userId: org.userId, sessionsEnded: 1 });
    expect(await findSession(db.pool, sid, t0, policy)).toBeNull();
    await setUserDisabled(db.pool, org.email, false, t0);
    expect(await findSession(db.pool, sid, at(t0, 2000), policy)).toBeNull();
  });

  it("disabled in the database directly: the per-request check refuses the session", async () => {
    const org = await newOrg(db.pool, "Disabled by SQL");
    const t0 = new Date();
    const sid = await startSession(db.pool, org, t0, policy);
    expect(await findSession(db.pool, sid, t0, policy)).not.toBeNull();
    await db.pool.query("UPDATE users SET disabled_at = now() WHERE id = $1", [org.userId]);
    expect(await findSession(db.pool, sid, at(t0, SESSION_CACHE_MS), policy)).toBeNull();
  });

  it("a deleted user or org ends the session", async () => {
    const org = await newOrg(db.pool, "Deleted");
    const t0 = new Date();
    const sid = await startSession(db.pool, org, t0, policy);
    expect(await findSession(db.pool, sid, t0, policy)).not.toBeNull();
    await db.pool.query("DELETE FROM api_keys WHERE org_id = $1", [org.orgId]);
    await db.pool.query("DELETE FROM users WHERE org_id = $1", [org.orgId]);
    await db.pool.query("DELETE FROM orgs WHERE id = $1", [org.orgId]);
    expect(await findSession(db.pool, sid, at(t0, SESSION_CACHE_MS), policy)).toBeNull();
  });

  it("idle: unused for 7 days it ends; used, it slides (last_seen_at moves at most once a minute)", async () => {
    const org = await newOrg(db.pool, "Idle");
    const t0 = new Date("2030-01-01T00:00:00Z");
    const sid = await startSession(db.pool, org, t0, policy);
    expect(await findSession(db.pool, sid, at(t0, 30_000), policy)).not.toBeNull();
    expect((await lastSeen(sid))?.getTime()).toBe(t0.getTime()); // 30 s later: not written
    expect(await findSession(db.pool, sid, at(t0, 6 * DAY), policy)).not.toBeNull();
    expect((await lastSeen(sid))?.getTime()).toBe(at(t0, 6 * DAY).getTime());
    // 6 days after that use: still alive (sliding); 7 days after the last use: ended.
    expect(await findSession(db.pool, sid, at(t0, 12 * DAY), policy)).not.toBeNull();
    expect(await findSession(db.pool, sid, at(t0, 19 * DAY + 1000), policy)).toBeNull();
  });

  it("absolute: 30 days after sign-in it ends, however active", async () => {
    const org = await newOrg(db.pool, "Absolute");
    const t0 = new Date("2030-02-01T00:00:00Z");
    const sid = await startSession(db.pool, org, t0, policy);
    for (let day = 5; day < 30; day += 5) expect(await findSession(db.pool, sid, at(t0, day * DAY), policy)).not.toBeNull();
    expect(await findSession(db.pool, sid, at(t0, 30 * DAY - 2000), policy)).not.toBeNull();
    expect(await findSession(db.pool, sid, at(t0, 30 * DAY), policy)).toBeNull();
  });

  it("ids that are not session ids are refused without a query", async () => {
    for (const sid of ["", "x", "A".repeat(44), "../../etc", "A".repeat(42) + "!"]) expect(await findSession(db.pool, sid)).toBeNull();
  });

  it("a new sign-in clears the user's ended sessions from the table", async () => {
    const org = await newOrg(db.pool, "Tidy");
    const t0 = new Date();
    const old = await startSession(db.pool, org, t0, policy);
    await endSession(db.pool, old, t0);
    await startSession(db.pool, org, at(t0, 1000), policy);
    const rows = await db.pool.query("SELECT revoked_at FROM sessions WHERE user_id = $1", [org.userId]);
    expect(rows.rows).toEqual([{ revoked_at: null }]);
  });
});
