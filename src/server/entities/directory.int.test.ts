import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { eventOf } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const NOW = new Date("2026-11-20T12:00:00Z");
const clock = () => NOW;
const at = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

/** An org with a client, a deal for it, an invoice for it and a follow-up, appended in that order. */
async function smallBusiness() {
  const orgId = randomUUID();
  const api = apiCaller(db.pool, { orgId }, clock);
  const client = { id: randomUUID(), type: "client" as const };
  const deal = { id: randomUUID(), type: "deal" as const };
  const invoice = { id: randomUUID(), type: "invoice" as const };
  const followup = { id: randomUUID(), type: "followup" as const };
  await api.events.append(eventOf("client_created", { entity: client, occurred_at: at(50), payload: { name: "Ada Lovelace", email: "Ada@Engines.example", company: "Analytical Engines" } }));
  await api.events.append(eventOf("lead_created", { entity: deal, occurred_at: at(40), payload: { name: "Difference engine repair", client_id: client.id } }));
  await api.events.append(eventOf("invoice_issued", {
    entity: invoice, occurred_at: at(30), payload: { amount_cents: 38_500, currency: "EUR", due_at: "2026-11-24T15:11:00Z", number: "2026-0042", client_id: client.id },
  }));
  await api.events.append(eventOf("followup_scheduled", { entity: followup, occurred_at: at(20), payload: { due_at: "2026-11-25T09:00:00Z", note: "Call Ada", about: deal } }));
  await projectAll(db.pool, clock);
  return { orgId, api, client, deal, invoice, followup };
}

describe("entities.list (the directory)", () => {
  it("lists by recent activity, newest first, with display names and summaries; a new event moves an entity up", async () => {
    const { api, client, deal, invoice, followup } = await smallBusiness();
    const { items, nextCursor } = await api.entities.list({});
    expect(items.map((i) => i.id)).toEqual([followup.id, invoice.id, deal.id, client.id]);
    expect(nextCursor).toBeNull();
    expect(items.find((i) => i.id === client.id)).toMatchObject({ type: "client", display_name: "Ada Lovelace", summary: "Analytical Engines · Ada@Engines.example" });
    expect(items.find((i) => i.id === invoice.id)).toMatchObject({ display_name: "2026-0042 · €385.00", summary: "€385.00 to pay · due 24 Nov 2026" });
    expect(items.find((i) => i.id === deal.id)).toMatchObject({ summary: "New lead" });
    const times = items.map((i) => Date.parse(i.last_activity_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    await api.events.append(eventOf("note_added", { entity: client, occurred_at: at(1), payload: { text: "prefers email" } }));
    await projectAll(db.pool, clock);
    expect((await api.entities.list({})).items[0]?.id).toBe(client.id);
  });

  it("filters by type and pages with a cursor, each entity once", async () => {
    const { orgId, api } = await smallBusiness();
    for (let i = 0; i < 5; i++) {
      await api.events.append(eventOf("lead_created", { entity: { id: randomUUID(), type: "deal" }, occurred_at: at(10 - i), payload: { name: `Lead ${i}` } }));
    }
    await projectAll(db.pool, clock);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await apiCaller(db.pool, { orgId }, clock).entities.list({ type: "deal", limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) expect(item.type).toBe("deal");
      seen.push(...page.items.map((i) => i.display_name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Lead 4", "Lead 3", "Lead 2", "Lead 1", "Lead 0", "Difference engine repair"]);
    const all = await api.entities.list({ limit: 3 });
    const rest = await api.entities.list({ limit: 100, cursor: all.nextCursor });
    expect(new Set([...all.items, ...rest.items].map((i) => i.id)).size).toBe(9);
  });

  it("a cursor it did not return is a BAD_REQUEST naming cursor", async () => {
    const { api } = await smallBusiness();
    for (const cursor of ["abc", "-1", "1e3", "99999999999999999999"]) {
      expect(issuePaths(await callError(api.entities.list({ cursor })))).toEqual(["cursor"]);
    }
  });
});

describe("entities.search", () => {
  it("finds by name, invoice number and client email, case-insensitively, saying what matched", async () => {
    const { api, client, deal, invoice } = await smallBusiness();
    const found = async (q: string) => (await api.entities.search({ q })).items.map((i) => [i.id, i.matched]);
    expect(await found("ada")).toEqual([[client.id, "name"]]);
    expect(await found("LOVE")).toEqual([[client.id, "name"]]); // a word of the name
    expect(await found("elac")).toEqual([[client.id, "name"]]); // inside a word
    expect(await found("engines.exa")).toEqual([[client.id, "email"]]);
    expect(await found("2026-00")).toEqual([[invoice.id, "number"]]);
    expect(await found("0042")).toEqual([[invoice.id, "number"]]);
    expect(await found("repair")).toEqual([[deal.id, "name"]]);
    expect(await found("d")).toEqual([[deal.id, "name"]]); // one letter: prefixes only
    expect(await found("zebra")).toEqual([]);
    expect(await found("%")).toEqual([]); // LIKE's wildcards are plain characters here
  });

  it("prefixes first, then by recent activity; a type filter keeps to that type", async () => {
    const { orgId, api } = await smallBusiness();
    const older = { id: randomUUID(), type: "deal" as const };
    const newer = { id: randomUUID(), type: "deal" as const };
    await api.events.append(eventOf("lead_created", { entity: older, occurred_at: at(5), payload: { name: "Bob Adams" } }));
    await api.events.append(eventOf("lead_created", { entity: newer, occurred_at: at(4), payload: { name: "Carol Adams" } }));
    await projectAll(db.pool, clock);
    const search = apiCaller(db.pool, { orgId }, clock).entities.search;
    expect((await search({ q: "ada" })).items.map((i) => i.display_name)).toEqual(["Ada Lovelace", "Carol Adams", "Bob Adams"]);
    expect((await search({ q: "ada", type: "deal" })).items.map((i) => i.display_name)).toEqual(["Carol Adams", "Bob Adams"]);
    expect((await search({ q: "ada", limit: 1 })).items.map((i) => i.display_name)).toEqual(["Ada Lovelace"]);
  });

  it("searches what the client is called now: renamed, the old name no longer finds it", async () => {
    const { api, client } = await smallBusiness();
    await api.events.append(eventOf("client_updated", { entity: client, occurred_at: at(1), payload: { name: "Augusta King", email: null } }));
    await projectAll(db.pool, clock);
    expect((await api.entities.search({ q: "lovelace" })).items).toEqual([]);
    expect((await api.entities.search({ q: "engines.example" })).items).toEqual([]);
    expect((await api.entities.search({ q: "augusta" })).items.map((i) => i.id)).toEqual([client.id]);
  });

  it("bad input is a BAD_REQUEST naming the field", async () => {
    const { api } = await smallBusiness();
    expect(issuePaths(await callError(api.entities.search({ q: "   " })))).toEqual(["q"]);
    expect(issuePaths(await callError(api.entities.search({ q: "x".repeat(201) })))).toEqual(["q"]);
    expect(issuePaths(await callError(api.entities.search({ q: "a", limit: 51 })))).toEqual(["limit"]);
  });
});

describe("clients named on loop rows", () => {
  it("a deal's and an invoice's loops carry their client's name; a client no event named yet has none", async () => {
    const { api, client } = await smallBusiness();
    const rows = (await api.loops.list({ limit: 200 })).items;
    expect(rows.filter((r) => r.entity_type === "deal").map((r) => [r.client_id, r.client_name])).toEqual([[client.id, "Ada Lovelace"]]);
    const stranger = randomUUID();
    await api.events.append(eventOf("lead_created", { occurred_at: at(2), payload: { name: "Walk-in", client_id: stranger } }));
    await projectAll(db.pool, clock);
    const row = (await api.loops.list({ limit: 200 })).items.find((r) => r.entity_name === "Walk-in");
    expect(row).toMatchObject({ client_id: stranger, client_name: null });
  });
});

describe("org isolation", () => {
  it("another org neither lists nor finds this org's entities", async () => {
    const { client } = await smallBusiness();
    const other = apiCaller(db.pool, { orgId: randomUUID() }, clock);
    expect((await other.entities.list({})).items).toEqual([]);
    expect((await other.entities.search({ q: "ada" })).items).toEqual([]);
    expect((await other.entities.list({ type: "client" })).items.map((i) => i.id)).not.toContain(client.id);
  });
});
