import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { noteOn } from "../../../tests/helpers/events";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";
import type { CreatedOrg } from "../orgs/create-org";

let db: TestDb;
let org: CreatedOrg;
const deal = { id: randomUUID(), type: "deal" as const };
const N = 237;
let ids: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  org = await newOrg(db.pool);
  const api = apiCaller(db.pool, org);
  // Interleave another entity so the deal's versions and the log's positions differ.
  const events = Array.from({ length: N }, (_, i) => noteOn(deal, `n${i}`));
  for (let i = 0; i < N; i += 40) {
    await api.events.appendBatch({ events: [...events.slice(i, i + 40), noteOn({ id: randomUUID(), type: "deal" })] });
  }
  ids = events.map((e) => e.id);
});
afterAll(async () => db?.drop());

describe("entities.timeline", () => {
  it.each([1, 7, 50, 236, 237, 238, 500])("pages of %i return every event exactly once, newest first", async (limit) => {
    const api = apiCaller(db.pool, org);
    const seen: { id: string; entity_version: number; position: number }[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof api.entities.timeline>> = await api.entities.timeline({ ...deal, cursor, limit });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      if (page.nextCursor !== null) expect(page.items).toHaveLength(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 1000);
    expect(pages).toBe(Math.max(1, Math.ceil(N / limit)));
    expect(seen.map((e) => e.id)).toEqual([...ids].reverse());
    expect(seen.map((e) => e.entity_version)).toEqual(Array.from({ length: N }, (_, i) => N - i));
    const positions = seen.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
  });

  it("an entity with no events is NOT_FOUND", async () => {
    const err = await callError(apiCaller(db.pool, org).entities.timeline({ type: "deal", id: randomUUID() }));
    expect(err.code).toBe("NOT_FOUND");
  });

  it("the same id under another entity type is another entity", async () => {
    const err = await callError(apiCaller(db.pool, org).entities.timeline({ type: "client", id: deal.id }));
    expect(err.code).toBe("NOT_FOUND");
  });

  it.each([
    ["limit 0", { limit: 0 }, "limit"],
    ["limit 501", { limit: 501 }, "limit"],
    ["a fractional cursor", { cursor: 1.5 }, "cursor"],
    ["a cursor past int4", { cursor: 2 ** 40 }, "cursor"],
    ["a negative cursor", { cursor: -5 }, "cursor"],
    ["an unknown type", { type: "project" }, "type"],
    ["a bad id", { id: "42" }, "id"],
  ])("%s is a BAD_REQUEST naming the field, never a 500", async (_what, change, path) => {
    const err = await callError(apiCaller(db.pool, org).entities.timeline({ ...deal, ...change } as never));
    expect(err.code).toBe("BAD_REQUEST");
    expect(issuePaths(err)).toEqual([path]);
  });
});
