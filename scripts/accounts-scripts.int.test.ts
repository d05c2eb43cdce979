import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../tests/helpers/run-script";
import { createTestDb, type TestDb } from "../tests/helpers/test-db";
import { checkCredentials } from "~/server/auth/check-credentials";
import { orgForApiKey } from "~/server/auth/api-keys";

// The operator's tools for accounts (issue 8): org:create --scopes, key:create, key:revoke, user:disable.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(2);
});
afterAll(async () => db?.drop());

const run = (script: string, args: string[]) => runScript(script, args, { DATABASE_URL: db.url });

describe("account scripts", () => {
  it("org:create gives the first key the default scopes, or those asked for; a bad scope is refused", async () => {
    const made = await run("scripts/org-create.ts", ["--name", "Acme", "--email", "owner@acme.example"]);
    expect(made.code).toBe(0);
    const org = JSON.parse(made.stdout) as { orgId: string; apiKey: string; keyId: string; password: string; scopes: string[] };
    expect(org.scopes).toEqual(["read", "append", "loops:write"]);
    expect(await orgForApiKey(db.pool, org.apiKey)).toEqual({ orgId: org.orgId, keyId: org.keyId, scopes: org.scopes });
    expect(org.password.length).toBeGreaterThanOrEqual(16);
    expect(await checkCredentials(db.pool, "owner@acme.example", org.password)).toMatchObject({ orgId: org.orgId });

    const importer = await run("scripts/org-create.ts", ["--name", "Importer Ltd", "--scopes", "append,act_as_users"]);
    expect(JSON.parse(importer.stdout)).toMatchObject({ scopes: ["append", "act_as_users"] });
    const bad = await run("scripts/org-create.ts", ["--name", "Bad", "--scopes", "read,admin"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown: admin");
  });

  it("key:create issues a key for an org; key:revoke stops it", async () => {
    const org = JSON.parse((await run("scripts/org-create.ts", ["--name", "Keys"])).stdout) as { orgId: string };
    const made = await run("scripts/key-create.ts", ["--org", org.orgId, "--name", "n8n import", "--scopes", "read,act_as_users"]);
    expect(made.code).toBe(0);
    const key = JSON.parse(made.stdout) as { keyId: string; apiKey: string };
    expect(await orgForApiKey(db.pool, key.apiKey)).toMatchObject({ orgId: org.orgId, scopes: ["read", "act_as_users"] });
    const revoked = await run("scripts/key-revoke.ts", ["--org", org.orgId, "--key", key.keyId]);
    expect(revoked.code).toBe(0);
    expect(await orgForApiKey(db.pool, key.apiKey, Date.now() + 1000)).toBeNull();
    expect((await run("scripts/key-revoke.ts", ["--org", org.orgId, "--key", key.keyId])).code).toBe(1);
  });

  it("user:disable stops a user signing in; --enable undoes it", async () => {
    const org = JSON.parse((await run("scripts/org-create.ts", ["--name", "People", "--email", "pat@people.example"])).stdout) as { password: string };
    const off = await run("scripts/user-disable.ts", ["--email", "pat@people.example"]);
    expect(off.code).toBe(0);
    expect(await checkCredentials(db.pool, "pat@people.example", org.password)).toMatchObject({ disabled: true });
    expect((await run("scripts/user-disable.ts", ["--email", "pat@people.example", "--enable"])).code).toBe(0);
    expect(await checkCredentials(db.pool, "pat@people.example", org.password)).toMatchObject({ disabled: false });
    expect((await run("scripts/user-disable.ts", ["--email", "nobody@people.example"])).code).toBe(1);
  });
});
