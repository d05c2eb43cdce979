import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../tests/helpers/test-db";
import { hashPassword, verifyPassword } from "~/server/auth/passwords";
import { disableDemoUser, seedDemo } from "./demo";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(2);
});
afterAll(async () => {
  await db?.drop();
});

const userRow = async (email: string) =>
  (await db.pool.query<{ password_hash: string; disabled: boolean }>("SELECT password_hash, disabled_at IS NOT NULL AS disabled FROM users WHERE email = $1", [email])).rows[0]!;

describe("seedDemo", () => {
  it("creates the demo bakery once, with a user who signs in with the installation's own password", async () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const first = await seedDemo(db.pool, { now, password: "first-install-password" });
    expect(first).toMatchObject({ created: true, email: "demo@calm.local", password: "first-install-password" });
    expect(await verifyPassword("first-install-password", (await userRow(first.email)).password_hash)).toBe(true);
    const count = async () =>
      (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events WHERE org_id = $1", [first.orgId])).rows[0]!.n;
    const n = await count();
    expect(n).toBeGreaterThanOrEqual(150);
    expect(n).toBeLessThanOrEqual(300);

    // A later start (another `now`) finds the org and leaves it alone.
    const second = await seedDemo(db.pool, { now: new Date("2026-12-01T08:00:00Z"), password: "first-install-password" });
    expect(second).toEqual({ ...first, created: false });
    expect(await count()).toBe(n);
    expect((await db.pool.query("SELECT 1 FROM orgs WHERE name = 'Demo Bakery'")).rowCount).toBe(1);
  });

  it("an older install's demo user (published password, or disabled) gets this installation's password back, enabled", async () => {
    await db.pool.query("UPDATE users SET password_hash = $1, disabled_at = now() WHERE email = 'demo@calm.local'", [await hashPassword("calm-demo-password")]);
    await seedDemo(db.pool, { now: new Date(), password: "a-new-random-password" });
    const row = await userRow("demo@calm.local");
    expect(row.disabled).toBe(false);
    expect(await verifyPassword("a-new-random-password", row.password_hash)).toBe(true);
    expect(await verifyPassword("calm-demo-password", row.password_hash)).toBe(false);
  });

  it("disableDemoUser disables the demo user once, and nobody else", async () => {
    await db.pool.query("INSERT INTO orgs (id, name) VALUES (gen_random_uuid(), 'Other')");
    expect(await disableDemoUser(db.pool, new Date())).toBe(true);
    expect((await userRow("demo@calm.local")).disabled).toBe(true);
    expect(await disableDemoUser(db.pool, new Date())).toBe(false);
  });
});
