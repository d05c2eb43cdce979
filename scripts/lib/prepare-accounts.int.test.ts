import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../tests/helpers/test-db";
import { hashPassword } from "~/server/auth/passwords";
import { checkCredentials } from "~/server/auth/check-credentials";
import { createOrg } from "~/server/orgs/create-org";
import { prepareAccounts } from "./prepare-accounts";

// Issue 8, finding 1: the demo (and its login) only where wanted; otherwise how to create the first org.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(2);
});
afterAll(async () => db?.drop());

const demoSignsIn = async (password: string) => (await checkCredentials(db.pool, "demo@calm.local", password))?.disabled === false;

describe("prepareAccounts", () => {
  it("an external database without --demo: nothing seeded, and start is told nobody can sign in yet", async () => {
    expect(await prepareAccounts(db.pool, { demoPassword: null, now: new Date() })).toEqual({ demo: null, demoDisabled: false, noUsers: true });
    expect((await db.pool.query("SELECT count(*)::int AS n FROM users")).rows[0].n).toBe(0);
  });

  it("with the demo wanted, the demo user signs in with this installation's password only", async () => {
    const report = await prepareAccounts(db.pool, { demoPassword: "this-installation-only", now: new Date() });
    expect(report.demo).toMatchObject({ created: true, email: "demo@calm.local", password: "this-installation-only" });
    expect(await demoSignsIn("this-installation-only")).toBe(true);
    expect(await demoSignsIn("calm-demo-password")).toBe(false);
  });

  it("an older version's demo user (published password) on an external database is disabled when the demo is not wanted", async () => {
    await db.pool.query("UPDATE users SET password_hash = $1 WHERE email = 'demo@calm.local'", [await hashPassword("calm-demo-password")]);
    expect(await demoSignsIn("calm-demo-password")).toBe(true);
    const report = await prepareAccounts(db.pool, { demoPassword: null, now: new Date() });
    expect(report).toEqual({ demo: null, demoDisabled: true, noUsers: true });
    expect(await demoSignsIn("calm-demo-password")).toBe(false);
  });

  it("once a real org exists, no hint", async () => {
    await createOrg(db.pool, { name: "Acme", email: "owner@acme.example", password: "a long enough password" });
    expect(await prepareAccounts(db.pool, { demoPassword: null, now: new Date() })).toEqual({ demo: null, demoDisabled: false, noUsers: false });
  });
});
