import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../tests/helpers/test-db";
import { verifyPassword } from "~/server/auth/passwords";
import { seedDemo } from "./demo";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(2);
});
afterAll(async () => {
  await db?.drop();
});

describe("seedDemo", () => {
  it("creates the demo bakery once, with a user who can sign in", async () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const first = await seedDemo(db.pool, { now });
    expect(first).toMatchObject({ created: true, email: "demo@calm.local", password: "calm-demo-password" });
    const user = await db.pool.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = $1", [first.email]);
    expect(await verifyPassword(first.password, user.rows[0]!.password_hash)).toBe(true);
    const count = async () =>
      (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events WHERE org_id = $1", [first.orgId])).rows[0]!.n;
    const n = await count();
    expect(n).toBeGreaterThanOrEqual(150);
    expect(n).toBeLessThanOrEqual(300);

    // A later start (another `now`) finds the org and leaves it alone.
    const second = await seedDemo(db.pool, { now: new Date("2026-12-01T08:00:00Z") });
    expect(second).toEqual({ ...first, created: false });
    expect(await count()).toBe(n);
    expect((await db.pool.query("SELECT 1 FROM orgs WHERE name = 'Demo Bakery'")).rowCount).toBe(1);
  });
});
