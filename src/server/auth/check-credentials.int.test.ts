import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg } from "../../../tests/helpers/callers";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { checkCredentials } from "./check-credentials";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(2);
});
afterAll(async () => db?.drop());

describe("checkCredentials", () => {
  it("signs in with the right password, whatever the email's case, and not otherwise", async () => {
    const org = await newOrg(db.pool, "Cred Org");
    const ok = await checkCredentials(db.pool, ` ${org.email.toUpperCase()} `, org.password);
    expect(ok).toEqual({ userId: org.userId, orgId: org.orgId, name: "Owner", disabled: false });
    expect(await checkCredentials(db.pool, org.email, "wrong password")).toBeNull();
    expect(await checkCredentials(db.pool, "nobody@nowhere.example", org.password)).toBeNull();
  });

  it("says whether the account is disabled, only to whoever knows its password", async () => {
    const org = await newOrg(db.pool, "Disabled Org");
    await db.pool.query("UPDATE users SET disabled_at = now() WHERE id = $1", [org.userId]);
    expect(await checkCredentials(db.pool, org.email, org.password)).toMatchObject({ userId: org.userId, disabled: true });
    expect(await checkCredentials(db.pool, org.email, "wrong password")).toBeNull();
  });
});
