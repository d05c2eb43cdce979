import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventOf } from "../../../tests/helpers/events";
import { projectAll, sleep, unprojectedCount } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";
import { appendEvents } from "../events/append";
import type { CreatedOrg } from "../orgs/create-org";
import { handleRest } from "../rest/handle-rest";
import { runLoopHistory } from "./loop-history-job";
import { LOOP_HISTORY_SUBSCRIBER } from "./loop-history-subscriber";

let db: TestDb;
let a: CreatedOrg;
let b: CreatedOrg;
let server: Server;
let base: string;
const NOW = new Date("2026-11-20T12:00:00.000Z");
const clock = () => NOW;
const deal = { type: "deal" as const, id: randomUUID() };

beforeAll(async () => {
  db = await createTestDb(4);
  [a, b] = [await newOrg(db.pool, "A"), await newOrg(db.pool, "B")];
  // Org A: a lead on Nov 2 (due Nov 3), a quote requested on Nov 4 that closes it; org B: a lead of its own.
  await appendEvents(db.pool, { orgId: a.orgId }, [eventOf("lead_created", { entity: deal, occurred_at: "2026-11-02T09:00:00.000Z" })]);
  await appendEvents(db.pool, { orgId: a.orgId }, [eventOf("quote_requested", { entity: deal, occurred_at: "2026-11-04T09:00:00.000Z", payload: {} })]);
  await appendEvents(db.pool, { orgId: b.orgId }, [eventOf("lead_created", { occurred_at: "2026-11-02T10:00:00.000Z" })]);
  await projectAll(db.pool, clock); // the entity read model names the loops
  for (let i = 0; (await runLoopHistory(db.pool)).skipped || (await unprojectedCount(db.pool, LOOP_HISTORY_SUBSCRIBER)) > 0; i++) {
    if (i > 200) throw new Error("loop history behind");
    await sleep(20);
  }
  server = createServer((req, res) => void handleRest(req, res, { db: db.pool }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.drop();
});

describe("loops.list / summary / changes as of a moment", () => {
  it("answers the org's own loops of that moment, and never another org's", async () => {
    const api = apiCaller(db.pool, a, clock);
    const onNov3 = await api.loops.list({ asOf: "2026-11-03T12:00:00.000Z" });
    expect(onNov3.items.map((l) => [l.type, l.severity, l.entity_id, l.org_id])).toEqual([["new_lead", "high", deal.id, a.orgId]]);
    expect(onNov3.items[0]?.entity_name).toBe("Jane Doe");
    const onNov5 = await api.loops.list({ asOf: "2026-11-05T00:00:00.000Z", basis: "occurred", status: "resolved" });
    expect(onNov5.items.map((l) => l.type)).toEqual(["new_lead"]);
    expect(await api.loops.summary({ asOf: "2026-11-02T12:00:00.000Z" })).toMatchObject({ total: 1, bySeverity: { high: 0, medium: 1 } });
    // Before anything was known: nothing; before the record time of anything: nothing on 'recorded'.
    expect((await api.loops.list({ asOf: "2026-11-01T00:00:00.000Z" })).items).toEqual([]);
    expect((await api.loops.list({ asOf: "2026-11-03T12:00:00.000Z", basis: "recorded" })).items).toEqual([]);
    const changes = await api.loops.changes({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-05T00:00:00.000Z" });
    expect(changes.items.map((c) => [c.kind, c.loop.type, c.changed_at, c.caused_by_event_id === null])).toEqual([
      ["opened", "new_lead", "2026-11-02T09:00:00.000Z", false],
      ["escalated", "new_lead", "2026-11-03T09:00:00.000Z", true],
      ["closed", "new_lead", "2026-11-04T09:00:00.000Z", false],
      ["opened", "quote_needed", "2026-11-04T09:00:00.000Z", false],
    ]);
    const paged = await api.loops.changes({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-05T00:00:00.000Z", limit: 3 });
    const rest = await api.loops.changes({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-05T00:00:00.000Z", limit: 3, cursor: paged.nextCursor });
    expect([...paged.items, ...rest.items]).toEqual(changes.items);
    expect(rest.nextCursor).toBeNull();

    const other = apiCaller(db.pool, b, clock);
    const theirs = await other.loops.list({ asOf: "2026-11-03T12:00:00.000Z", status: "active" });
    expect(theirs.items.map((l) => l.org_id)).toEqual([b.orgId]);
    expect((await other.loops.changes({ from: "2026-11-01T00:00:00.000Z" })).items.every((c) => c.loop.org_id === b.orgId)).toBe(true);
  });

  it("refuses a future moment, a window backwards, a foreign cursor and a bad basis, naming the field", async () => {
    const api = apiCaller(db.pool, a, clock);
    const future = await callError(api.loops.list({ asOf: "2026-11-21T00:00:00.000Z" }));
    expect([future.code, issuePaths(future)]).toEqual(["BAD_REQUEST", ["asOf"]]);
    expect(issuePaths(await callError(api.loops.summary({ asOf: "2026-12-01T00:00:00.000Z" })))).toEqual(["asOf"]);
    expect(issuePaths(await callError(api.loops.changes({ from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" })))).toEqual(["to"]);
    expect(issuePaths(await callError(api.loops.changes({ from: "2026-11-05T00:00:00.000Z", to: "2026-11-01T00:00:00.000Z" })))).toEqual(["from"]);
    expect(issuePaths(await callError(api.loops.changes({ from: "2026-11-01T00:00:00.000Z", cursor: "bm9wZQ" })))).toEqual(["cursor"]);
    expect(issuePaths(await callError(api.loops.list({ asOf: "2026-11-01T00:00:00.000Z", cursor: "bm9wZQ" })))).toEqual(["cursor"]);
    expect(issuePaths(await callError(api.loops.list({ asOf: "yesterday" })))).toEqual(["asOf"]);
    expect(issuePaths(await callError(api.loops.list({ asOf: "2026-11-01T00:00:00.000Z", basis: "wished" as "occurred" })))).toEqual(["basis"]);
    expect(issuePaths(await callError(api.loops.changes({ from: "2026-11-01T00:00:00.000Z", limit: 201 })))).toEqual(["limit"]);
  });

  it("over REST: the new inputs and loops.changes, described in the OpenAPI document", async () => {
    const get = (p: string) => fetch(`${base}/api/v1${p}`, { headers: { authorization: `Bearer ${a.apiKey}` } });
    const asOf = encodeURIComponent("2026-11-03T12:00:00.000Z");
    const list = await get(`/loops/list?asOf=${asOf}&basis=occurred`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: { type: string }[] }).items.map((l) => l.type)).toEqual(["new_lead"]);
    expect((await get(`/loops/summary?asOf=${asOf}&basis=recorded`)).status).toBe(200);
    const changes = await get(`/loops/changes?from=${encodeURIComponent("2026-11-01T00:00:00.000Z")}&limit=2`);
    expect(changes.status).toBe(200);
    expect(((await changes.json()) as { items: unknown[] }).items).toHaveLength(2);
    expect((await get(`/loops/changes?from=nope`)).status).toBe(400);
    const doc = (await (await get("/openapi.json")).json()) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    const params = (p: string) => doc.paths[p]?.get?.parameters?.map((x) => x.name) ?? [];
    expect(params("/loops/list")).toEqual(expect.arrayContaining(["asOf", "basis", "status", "cursor"]));
    expect(params("/loops/summary")).toEqual(["asOf", "basis"]);
    expect(params("/loops/changes")).toEqual(["from", "to", "basis", "cursor", "limit"]);
  });
});
