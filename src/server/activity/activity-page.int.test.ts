import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg, sessionCaller } from "../../../tests/helpers/callers";
import { eventOf, leadCreated, noteOn } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError } from "../../../tests/helpers/trpc-errors";
import { resolveCaller } from "../auth/credentials";
import { appendEvents } from "../events/append";
import type { CreatedOrg } from "../orgs/create-org";
import { createInnerContext } from "../trpc/context";
import { createCaller } from "../trpc/root";

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Org A"), newOrg(db.pool, "Org B")]);
});
afterAll(async () => db?.drop());

const clock = () => new Date("2026-11-20T12:00:00Z");

/** A caller holding org A's real API key: its commands carry the key's id as their system actor. */
async function keyCaller(org: CreatedOrg) {
  const caller = await resolveCaller(db.pool, new Headers({ authorization: `Bearer ${org.apiKey}` }));
  expect(caller?.kind).toBe("apiKey");
  return { api: createCaller(createInnerContext({ caller, db: db.pool, clock })), keyId: (caller as { keyId: string }).keyId };
}

describe("activity.list", () => {
  it("names each entry's entity and actor: user, API key, and the event's own name before the projector ran", async () => {
    const deal = { id: randomUUID(), type: "deal" as const };
    const { api, keyId } = await keyCaller(orgA);
    await api.events.append(leadCreated({ primary_entity: deal, payload: { name: "Ada Lovelace", source: "fair" }, actor: { id: keyId, type: "system" } }));
    await sessionCaller(db.pool, orgA).events.append(noteOn(deal, "called her"));

    const before = await sessionCaller(db.pool, orgA).activity.list({});
    const [note, lead] = before.items;
    expect(note).toMatchObject({ event_type: "note_added", payload: { text: "called her" }, entity: { ...deal, name: "Ada Lovelace" } });
    expect(note!.actor).toEqual({ id: orgA.userId, type: "user", name: "Owner" });
    expect(lead).toMatchObject({ event_type: "lead_created", entity: { ...deal, name: "Ada Lovelace" } });
    expect(lead!.actor).toEqual({ id: keyId, type: "system", name: "API key “default”" });

    // Once projected, the read model's display name is the one shown (the same here).
    await projectAll(db.pool, clock);
    expect((await sessionCaller(db.pool, orgA).activity.list({})).items[0]!.entity.name).toBe("Ada Lovelace");
  });

  it("pages newest first without repeats, and stops", async () => {
    const org = await newOrg(db.pool, "Pager");
    const deal = { id: randomUUID(), type: "deal" as const };
    await apiCaller(db.pool, org).events.appendBatch({ events: [leadCreated({ primary_entity: deal }), ...[1, 2, 3, 4].map((n) => noteOn(deal, `n${n}`))] });
    const api = apiCaller(db.pool, org);
    const first = await api.activity.list({ limit: 2 });
    const second = await api.activity.list({ limit: 2, cursor: first.nextCursor });
    const third = await api.activity.list({ limit: 2, cursor: second.nextCursor });
    const texts = [...first.items, ...second.items, ...third.items].map((i) => (i.payload as { text?: string }).text ?? i.event_type);
    expect(texts).toEqual(["n4", "n3", "n2", "n1", "lead_created"]);
    expect(third.nextCursor).toBeNull();
    for (const cursor of ["0", "12", "1_x", "9999999999999999999_1"]) {
      expect((await callError(api.activity.list({ cursor }))).code, cursor).toBe("BAD_REQUEST");
    }
  });

  it("orders by when things happened, not by when they were recorded (issue 13): a late entry takes its place", async () => {
    const org = await newOrg(db.pool, "Late");
    const deal = { id: randomUUID(), type: "deal" as const };
    const api = apiCaller(db.pool, org);
    await api.events.append(leadCreated({ primary_entity: deal, occurred_at: "2026-11-20T10:00:00.000Z" }));
    await api.events.append({ ...noteOn(deal, "43 minutes ago"), occurred_at: "2026-11-20T11:17:00.000Z" });
    // Recorded last, happened two days earlier.
    await api.events.append({ ...noteOn(deal, "two days ago"), occurred_at: "2026-11-18T12:00:00.000Z" });
    const feed = await api.activity.list({});
    expect(feed.items.map((i) => (i.payload as { text?: string }).text ?? i.event_type)).toEqual(["43 minutes ago", "lead_created", "two days ago"]);
  });

  it("pages through events that share an instant, to the microsecond, without a gap or a repeat", async () => {
    const org = await newOrg(db.pool, "Ties");
    const deal = { id: randomUUID(), type: "deal" as const };
    const at = (iso: string, text: string) => eventOf("note_added", { entity: deal, occurred_at: iso, payload: { text } });
    await appendEvents(db.pool, { orgId: org.orgId }, [
      at("2026-11-20T10:00:00.123456Z", "tie 1"),
      at("2026-11-20T10:00:00.123457Z", "later by a microsecond"),
      at("2026-11-20T10:00:00.123456Z", "tie 2"),
      at("2026-11-20T10:00:00.123Z", "earlier within the millisecond"),
      at("2026-11-20T10:00:00.123456Z", "tie 3"),
    ]);
    const api = apiCaller(db.pool, org);
    const texts: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.activity.list>> = await api.activity.list({ limit: 1, cursor });
      texts.push(...page.items.map((i) => (i.payload as { text: string }).text));
      cursor = page.nextCursor;
    } while (cursor);
    expect(texts).toEqual(["later by a microsecond", "tie 3", "tie 2", "tie 1", "earlier within the millisecond"]);
  });

  it("shows only the caller's org: no other org's events, entity names or people", async () => {
    const deal = { id: randomUUID(), type: "deal" as const };
    await apiCaller(db.pool, orgA).events.append(leadCreated({ primary_entity: deal, payload: { name: "Secret Client A" } }));
    await projectAll(db.pool, clock);
    // Org B's log holds an event about the same entity id naming org A's user as the actor (the
    // API refuses that since issue 8, finding 7; older or imported rows may still say it).
    await appendEvents(db.pool, { orgId: orgB.orgId }, [
      eventOf("note_added", { entity: deal, actor: { id: orgA.userId, type: "user" }, payload: { text: "B's note" } }),
    ]);
    const b = await apiCaller(db.pool, orgB).activity.list({});
    expect(b.items.map((i) => i.payload)).toEqual([{ text: "B's note" }]);
    expect(b.items[0]!.entity.name).toBeNull();
    expect(b.items[0]!.actor.name).toBeNull();
    const a = await apiCaller(db.pool, orgA).activity.list({ limit: 100 });
    expect(a.items.map((i) => i.payload)).not.toContainEqual({ text: "B's note" });
  });
});
