import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventCount, eventOf, leadCreated, noteOn } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";
import { MAX_PAYLOAD_BYTES } from "~/domain/events";
import type { CreatedOrg } from "../orgs/create-org";

// Issue 8: findings 2 (bounds), 13 (nothing silently changed; errors name the field sent) and 14
// (no cross-org existence oracle on event ids), through the API's own procedures.

let db: TestDb;
let orgA: CreatedOrg;
let orgB: CreatedOrg;
beforeAll(async () => {
  db = await createTestDb();
  [orgA, orgB] = await Promise.all([newOrg(db.pool, "Org A"), newOrg(db.pool, "Org B")]);
});
afterAll(async () => db?.drop());

const api = (org: { orgId: string }) => apiCaller(db.pool, org);

/** The call must be refused with a 4xx and write nothing anywhere. */
async function refused(call: () => Promise<unknown>) {
  const before = await eventCount(db.pool);
  const err = await callError(call());
  expect(err.httpStatus, `${err.code}: ${err.message}`).toBeLessThan(500);
  expect(await eventCount(db.pool)).toBe(before);
  return err;
}

describe("bounds (finding 2)", () => {
  const deep = (levels: number): unknown => {
    let v: unknown = [];
    for (let i = 1; i < levels; i++) v = [v];
    return v;
  };

  it("a payload nested 4,000 levels deep is a 400 naming the path and the limit, alone or in a batch", async () => {
    const one = await refused(() => api(orgA).events.append(eventOf("note_added", { payload: { text: "x", tree: deep(4_000) } })));
    expect(one).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    expect(issuePaths(one)).toEqual([["payload", "tree", ...Array(31).fill(0)].join(".")]);
    expect(one.message).toMatch(/deeper than 32 levels \(the limit is 32\)/);
    const batch = await refused(() => api(orgA).events.appendBatch({ events: [noteOn({ id: randomUUID(), type: "deal" }), eventOf("note_added", { payload: { text: "x", tree: deep(4_000) } })] }));
    expect(issuePaths(batch)[0]).toMatch(/^events\.1\.payload\.tree\.0/);
  });

  it("a payload over 64 KiB serialized is a 400 naming payload and the limit", async () => {
    const err = await refused(() => api(orgA).events.append(eventOf("note_added", { payload: { text: "x", pad: "y".repeat(MAX_PAYLOAD_BYTES) } })));
    expect(issuePaths(err)).toEqual(["payload"]);
    expect(err.message).toMatch(/at most 65,536 bytes when serialized/);
  });

  it("a batch of 1,001 events is a 400 naming events and the limit, and no event of it is parsed", async () => {
    const events = Array.from({ length: 1001 }, () => noteOn({ id: randomUUID(), type: "deal" }));
    const err = await refused(() => api(orgA).events.appendBatch({ events }));
    expect(issuePaths(err)).toEqual(["events"]);
    expect(err.message).toMatch(/at most 1,000 events/);
    // 2,000 broken events: one issue about the count, not 2,000 about the events.
    const junk = await refused(() => api(orgA).events.appendBatch({ events: Array.from({ length: 2000 }, () => ({})) as never }));
    expect(junk.issues).toHaveLength(1);
  });

  it("many bad events in one batch list at most 20 issues, and say how many more", async () => {
    const events = Array.from({ length: 50 }, () => ({ ...leadCreated(), occurred_at: "soon" }));
    const err = await refused(() => api(orgA).events.appendBatch({ events: events as never }));
    expect(err.issues).toHaveLength(20);
    expect(err.message).toMatch(/; and 30 more$/);
  });
});

describe("exactness (finding 13)", () => {
  it("1e400, a __proto__ key and sub-millisecond instants are refused, naming the field, instead of being changed", async () => {
    const cases: [unknown, string, RegExp][] = [
      [eventOf("note_added", { payload: JSON.parse('{"text":"n","amount":1e400}') }), "payload.amount", /finite number/],
      [eventOf("note_added", { payload: JSON.parse('{"text":"p","__proto__":{"admin":true}}') }), "payload.__proto__", /__proto__/],
      [eventOf("note_added", { occurred_at: "2026-11-02T09:00:00.123456789Z" }), "occurred_at", /at most millisecond precision/],
    ];
    for (const [body, path, message] of cases) {
      const err = await refused(() => api(orgA).events.append(body as never));
      expect(issuePaths(err)).toEqual([path]);
      expect(err.message).toMatch(message);
    }
    // Trailing zeros carry no precision: kept as the same instant.
    const ok = await api(orgA).events.append(eventOf("note_added", { occurred_at: "2026-11-02T09:00:00.120000000Z" }));
    expect(ok.event.occurred_at).toBe("2026-11-02T09:00:00.120Z");
  });

  it("a NUL in loops.resolve's note and loops.dismiss's reason is reported against that field", async () => {
    const lead = leadCreated({ occurred_at: new Date().toISOString() });
    await api(orgA).events.append(lead);
    await projectAll(db.pool, () => new Date());
    const loop = (await api(orgA).loops.list({})).items.find((l) => l.opened_by_event_id === lead.id)!;
    const note = await refused(() => api(orgA).loops.resolve({ loopId: loop.id, note: "done\u0000" }));
    expect(issuePaths(note)).toEqual(["note"]);
    const reason = await refused(() => api(orgA).loops.dismiss({ loopId: loop.id, reason: "lone \ud800" }));
    expect(issuePaths(reason)).toEqual(["reason"]);
  });
});

describe("event ids across orgs (finding 14)", () => {
  it("another org's event id gets the same 409 and words as any unusable id, from either org, and reveals nothing", async () => {
    const a = leadCreated();
    const b = leadCreated();
    await api(orgA).events.append(a);
    await api(orgB).events.append(b);
    // Org B reuses A's id (A's exact content, then other content); A reuses B's; A reuses its own id with other content.
    const answers = [
      await refused(() => api(orgB).events.append(a)),
      await refused(() => api(orgB).events.append({ ...a, payload: { name: "Other" } } as never)),
      await refused(() => api(orgA).events.append(b)),
      await refused(() => api(orgA).events.append({ ...a, payload: { name: "Changed" } } as never)),
    ];
    for (const err of answers) {
      expect({ code: err.code, httpStatus: err.httpStatus, message: err.message, paths: issuePaths(err) }).toEqual({
        code: "CONFLICT", httpStatus: 409, message: "id cannot be used for this event; use a new UUID", paths: ["id"],
      });
    }
    expect(JSON.stringify(answers)).not.toMatch(/already exists|Jane Doe|other org/i);
    // The owner's own retry of the same content is still an idempotent duplicate.
    expect((await api(orgA).events.append(a)).duplicate).toBe(true);
  });
});
