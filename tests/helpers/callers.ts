import type pg from "pg";
import type { Caller } from "../../src/server/auth/credentials";
import { createInnerContext } from "../../src/server/trpc/context";
import { createCaller } from "../../src/server/trpc/root";
import { createOrg, type CreatedOrg } from "../../src/server/orgs/create-org";

/** A tRPC caller bound to an org's API key credential on a test database. */
export function apiCaller(db: pg.Pool, org: { orgId: string }, clock?: () => Date) {
  const caller: Caller = { kind: "apiKey", orgId: org.orgId, keyId: "00000000-0000-4000-8000-00000000a11e" };
  return createCaller(createInnerContext({ caller, db, clock }));
}

export function sessionCaller(db: pg.Pool, org: CreatedOrg, opts: { crossSite?: boolean; clock?: () => Date } = {}) {
  const caller: Caller = { kind: "session", orgId: org.orgId, userId: org.userId, actor: { id: org.userId, type: "user" } };
  return createCaller(createInnerContext({ caller, db, crossSite: opts.crossSite, clock: opts.clock }));
}

export function anonymousCaller(db: pg.Pool) {
  return createCaller(createInnerContext({ caller: null, db }));
}

export async function newOrg(db: pg.Pool, name = "Test Org"): Promise<CreatedOrg> {
  return createOrg(db, { name, password: "correct horse battery staple" });
}
