import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { anonymousCaller, apiCaller, newOrg, sessionCaller } from "../../../tests/helpers/callers";
import { eventCount, leadCreated, noteOn } from "../../../tests/helpers/events";
import { callError } from "../../../tests/helpers/trpc-errors";
import type { CreatedOrg } from "../orgs/create-org";
import { createInnerContext } from "./context";
import { createCaller } from "./root";

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Org A"), newOrg(db.pool, "Org B")]);
});
afterAll(async () => db?.drop());

describe("credentials", () => {
  it("an anonymous caller is UNAUTHORIZED everywhere but health, and writes nothing", async () => {
    const anon = anonymousCaller(db.pool);
    const before = await eventCount(db.pool);
    const e = leadCreated();
    for (const call of [
      anon.events.append(e),
      anon.events.appendBatch({ events: [e] }),
      anon.entities.timeline({ type: "deal", id: randomUUID() }),
      // Checked before the input: an anonymous caller learns nothing, not even validation errors.
      anon.events.append({} as never),
    ]) {
      const err = await callError(call);
      expect(err.code).toBe("UNAUTHORIZED");
      expect(err.httpStatus).toBe(401);
    }
    expect(await eventCount(db.pool)).toBe(before);
  });

  it("a cookie-session mutation from another site is FORBIDDEN and writes nothing; its queries still work", async () => {
    const crossSite = sessionCaller(db.pool, orgA, { crossSite: true });
    const e = leadCreated();
    const before = await eventCount(db.pool);
    for (const call of [crossSite.events.append(e), crossSite.events.appendBatch({ events: [e] })]) {
      expect((await callError(call)).code).toBe("FORBIDDEN");
    }
    expect(await eventCount(db.pool)).toBe(before);

    await sessionCaller(db.pool, orgA).events.append(e);
    const page = await crossSite.entities.timeline({ type: "deal", id: e.primary_entity.id });
    expect(page.items.map((i) => i.id)).toEqual([e.id]);
  });

  it("an API key is not an ambient credential: cross-site does not matter to it", async () => {
    const api = createCaller(
      createInnerContext({ caller: { kind: "apiKey", orgId: orgA.orgId, keyId: "k" }, db: db.pool, crossSite: true }),
    );
    expect((await api.events.append(leadCreated())).duplicate).toBe(false);
  });
});

describe("org isolation", () => {
  it("org B reading org A's entity timeline gets NOT_FOUND, with or without a cursor", async () => {
    const deal = { id: randomUUID(), type: "deal" as const };
    await apiCaller(db.pool, orgA).events.appendBatch({ events: [leadCreated({ primary_entity: deal }), noteOn(deal), noteOn(deal)] });
    const b = apiCaller(db.pool, orgB);
    expect((await callError(b.entities.timeline(deal))).code).toBe("NOT_FOUND");
    expect((await callError(b.entities.timeline({ ...deal, cursor: 3, limit: 1 }))).code).toBe("NOT_FOUND");
    // Org A itself pages to the end without a NOT_FOUND.
    const a = apiCaller(db.pool, orgA);
    expect((await a.entities.timeline({ ...deal, cursor: 2, limit: 5 })).items.map((i) => i.entity_version)).toEqual([1]);
    expect((await a.entities.timeline({ ...deal, cursor: 1, limit: 5 })).items).toEqual([]);
  });

  it("org B appending to an entity id org A uses starts its own stream at version 1; org A's is untouched", async () => {
    const deal = { id: randomUUID(), type: "deal" as const };
    const a = apiCaller(db.pool, orgA);
    const b = apiCaller(db.pool, orgB);
    await a.events.appendBatch({ events: [leadCreated({ primary_entity: deal }), noteOn(deal)] });
    const before = await a.entities.timeline(deal);

    const mine = await b.events.append({ ...noteOn(deal), expectedVersion: 0 });
    expect(mine.event.entity_version).toBe(1);
    expect(mine.event.org_id).toBe(orgB.orgId);
    expect((await b.entities.timeline(deal)).items.map((i) => i.id)).toEqual([mine.event.id]);
    expect(await a.entities.timeline(deal)).toEqual(before);
    // And org A keeps counting from its own version.
    expect((await a.events.append({ ...noteOn(deal), expectedVersion: 2 })).event.entity_version).toBe(3);
  });

  it("org B re-appending org A's event id (even with identical content) is a CONFLICT; org A's event is unchanged", async () => {
    const e = leadCreated();
    const stored = (await apiCaller(db.pool, orgA).events.append(e)).event;
    const bBefore = await eventCount(db.pool, orgB.orgId);
    const b = apiCaller(db.pool, orgB);
    for (const body of [e, { ...e, payload: { name: "Mallory" } }]) {
      const err = await callError(b.events.append(body));
      expect(err.code).toBe("CONFLICT");
      // Nothing of org A's event is echoed back.
      expect(err.message).not.toContain("Jane");
    }
    expect((await callError(b.events.appendBatch({ events: [noteOn({ id: randomUUID(), type: "deal" }), e] }))).code).toBe("CONFLICT");
    expect(await eventCount(db.pool, orgB.orgId)).toBe(bBefore);
    const again = await apiCaller(db.pool, orgA).entities.timeline({ type: "deal", id: e.primary_entity.id });
    expect(again.items).toEqual([stored]);
  });
});
