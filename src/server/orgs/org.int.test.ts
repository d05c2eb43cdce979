import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg } from "../../../tests/helpers/callers";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError } from "../../../tests/helpers/trpc-errors";
import type { Caller } from "../auth/credentials";
import { resolveCaller } from "../auth/credentials";
import { createInnerContext } from "../trpc/context";
import { createCaller } from "../trpc/root";
import { type CreatedOrg, createOrg } from "./create-org";

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Org A"), newOrg(db.pool, "Org B")]);
});
afterAll(async () => db?.drop());

const callerFor = (caller: Caller | null) => createCaller(createInnerContext({ caller, db: db.pool }));
const session = (org: { orgId: string }, userId: string): Caller => ({ kind: "session", orgId: org.orgId, userId, actor: { id: userId, type: "user" } });

describe("org.identity", () => {
  it("names the org and the signed-in user, or the API key", async () => {
    expect(await callerFor(session(orgA, orgA.userId)).org.identity()).toEqual({ orgName: "Org A", userName: "Owner" });
    const key = await resolveCaller(db.pool, new Headers({ authorization: `Bearer ${orgB.apiKey}` }));
    expect(await callerFor(key).org.identity()).toEqual({ orgName: "Org B", userName: "API key “default”" });
  });

  it("is null for a user of another org, and UNAUTHORIZED without a credential", async () => {
    expect(await callerFor(session(orgB, orgA.userId)).org.identity()).toBeNull();
    expect((await callError(callerFor(null).org.identity())).code).toBe("UNAUTHORIZED");
  });
});

describe("org.people", () => {
  it("maps the org's own users to their names, and no one else's", async () => {
    const org = await createOrg(db.pool, { name: "People", userName: "Ada", password: "correct horse battery staple" });
    const people = await callerFor(session(org, org.userId)).org.people();
    expect(people).toEqual({ [org.userId]: "Ada" });
    expect(Object.keys(await callerFor(session(orgA, orgA.userId)).org.people())).toEqual([orgA.userId]);
  });
});
