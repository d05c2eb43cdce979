import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newOrg, sessionCaller } from "../../../tests/helpers/callers";
import { eventCount, leadCreated, noteOn } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";
import { generateApiKey } from "../auth/api-keys";
import type { Caller } from "../auth/credentials";
import type { CreatedOrg } from "../orgs/create-org";
import { createInnerContext } from "../trpc/context";
import { createCaller } from "../trpc/root";
import { ACT_AS_USERS_SCOPE } from "./actor-policy";

// Issue 8, finding 7: an API key may not speak as a user unless it carries the scope for it, and
// then only as a member of its org; a session's actor is always the signed-in user.

let db: TestDb;
let org: CreatedOrg;
let other: CreatedOrg;
let teammate: string;
beforeAll(async () => {
  db = await createTestDb();
  [org, other] = await Promise.all([newOrg(db.pool, "Keys Org"), newOrg(db.pool, "Other Org")]);
  teammate = randomUUID();
  await db.pool.query("INSERT INTO users (id, org_id, email, name, password_hash) VALUES ($1, $2, $3, 'Teammate', 'x')", [
    teammate, org.orgId, `mate-${teammate}@keys.example`,
  ]);
});
afterAll(async () => db?.drop());

/** A caller holding a real key of `orgId` with these scopes (null: the column's default). */
async function keyCaller(orgId: string, scopes: string[] | null) {
  const key = generateApiKey();
  const keyId = randomUUID();
  await db.pool.query(
    `INSERT INTO api_keys (id, org_id, name, key_hash, prefix${scopes ? ", scopes" : ""}) VALUES ($1, $2, 'test', $3, $4${scopes ? ", $5" : ""})`,
    [keyId, orgId, key.hash, key.prefix, ...(scopes ? [scopes] : [])],
  );
  const caller: Caller = { kind: "apiKey", orgId, keyId };
  return createCaller(createInnerContext({ caller, db: db.pool }));
}

async function refused(call: () => Promise<unknown>) {
  const before = await eventCount(db.pool);
  const err = await callError(call());
  expect(await eventCount(db.pool)).toBe(before);
  return err;
}

const asUser = (id: string) => leadCreated({ actor: { id, type: "user" } });

describe("an API key naming the actor", () => {
  it("without the scope, a user actor (even a real teammate) is a 403 naming actor; system and client actors are fine", async () => {
    const api = await keyCaller(org.orgId, null);
    const err = await refused(() => api.events.append(asUser(teammate)));
    expect(err).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
    expect(issuePaths(err)).toEqual(["actor"]);
    expect(err.message).toMatch(new RegExp(ACT_AS_USERS_SCOPE));
    const batch = await refused(() => api.events.appendBatch({ events: [noteOn({ id: randomUUID(), type: "deal" }), asUser(teammate)] }));
    expect(issuePaths(batch)).toEqual(["events.1.actor"]);

    for (const type of ["system", "client"] as const) {
      const r = await api.events.append(leadCreated({ actor: { id: randomUUID(), type } }));
      expect(r.event.actor.type).toBe(type);
    }
  });

  it("with the act_as_users scope, a member of the org is accepted; anyone else is a 403 naming actor.id", async () => {
    const importer = await keyCaller(org.orgId, ["read", "append", ACT_AS_USERS_SCOPE]);
    const ok = await importer.events.appendBatch({ events: [asUser(teammate), asUser(org.userId)] });
    expect(ok.items.map((i) => i.event.actor)).toEqual([{ id: teammate, type: "user" }, { id: org.userId, type: "user" }]);

    for (const stranger of [other.userId, randomUUID()]) {
      const err = await refused(() => importer.events.appendBatch({ events: [asUser(teammate), asUser(stranger)] }));
      expect(err.code).toBe("FORBIDDEN");
      expect(issuePaths(err)).toEqual(["events.1.actor.id"]);
    }
  });

  it("a scoped key of another org cannot name this org's users either", async () => {
    const theirs = await keyCaller(other.orgId, ["append", ACT_AS_USERS_SCOPE]);
    const err = await refused(() => theirs.events.append(asUser(teammate)));
    expect(issuePaths(err)).toEqual(["actor.id"]);
  });
});

describe("a session", () => {
  it("records the signed-in user as the actor, whatever user the body names", async () => {
    const r = await sessionCaller(db.pool, org).events.append(asUser(teammate));
    expect(r.event.actor).toEqual({ id: org.userId, type: "user" });
  });
});
