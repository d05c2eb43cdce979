import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { type AppendRow, appendCall } from "./append-call";

// calm_append_events takes a path of its own when the call holds one event (version 3,
// prisma/sql/calm_append_events.sql). These call the function directly and hold its answers and
// refusals to the batch path's: the same event sent twice in one request ([e, e]) runs the batch
// path, and its first answer (or refusal) must be what the one-event path gives for [e].

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

type Answer = { n: number; duplicate: boolean; id: string; org_id: string; entity_version: number; position: number; payload: unknown };

const ACTOR = "00000000-0000-4000-8000-000000000001";
const note = (entity: string, over: Partial<AppendRow> = {}): AppendRow => ({
  id: randomUUID(),
  event_type: "note_added",
  occurred_at: "2026-11-03T09:00:00.000Z",
  actor_id: ACTOR,
  actor_type: "system",
  entity_id: entity,
  entity_type: "deal",
  payload: { text: "hello" },
  expected_version: null,
  ...over,
});

/** The function's rows, or its refusal's detail. */
async function call(org: string, events: AppendRow[]): Promise<{ rows: Answer[] } | { refused: unknown }> {
  try {
    const { args, values } = appendCall(org, events);
    const res = await db.pool.query<Answer>(
      `SELECT n, duplicate, id, org_id, entity_version, "position", payload FROM calm_append_events(${args})`,
      values,
    );
    return { rows: res.rows };
  } catch (e) {
    const err = e as { code?: string; message?: string; detail?: string };
    if (err.code !== "P0001" || err.message !== "calm_append_conflict") throw e;
    return { refused: JSON.parse(err.detail!) };
  }
}

const single = (org: string, e: AppendRow) => call(org, [e]);
const viaBatch = (org: string, e: AppendRow) => call(org, [e, e]);

/** Both paths on the same log state: the one-event path in `org`, then the batch path on a twin org's copy. */
async function both(setup: (org: string) => Promise<AppendRow>) {
  const a = randomUUID(), b = randomUUID();
  const eA = await setup(a);
  const eB = await setup(b);
  const s = await single(a, eA);
  const bt = await viaBatch(b, eB);
  const strip = (r: Awaited<ReturnType<typeof call>>) =>
    "rows" in r ? { rows: r.rows.slice(0, 1).map(({ n, duplicate, entity_version, payload }) => ({ n, duplicate, entity_version, payload })) } : r;
  return { single: strip(s), batch: strip(bt) };
}

describe("calm_append_events: one event", () => {
  it("a new event is inserted at the entity's next version; sent again it is the stored event, duplicate", async () => {
    const org = randomUUID(), deal = randomUUID();
    const e = note(deal, { expected_version: 0 });
    const first = await single(org, e);
    expect(first).toMatchObject({ rows: [{ n: 0, duplicate: false, id: e.id, org_id: org, entity_version: 1 }] });
    const again = await single(org, e);
    expect(again).toEqual({ rows: [{ ...(first as { rows: Answer[] }).rows[0], duplicate: true }] });
    const next = await single(org, note(deal, { expected_version: 1 }));
    expect(next).toMatchObject({ rows: [{ duplicate: false, entity_version: 2 }] });
  });

  it.each([
    ["new entity, no expected version", async () => note(randomUUID())],
    ["new entity, expected 0", async () => note(randomUUID(), { expected_version: 0 })],
    ["new entity, expected 3", async () => note(randomUUID(), { expected_version: 3 })],
    [
      "entity at 2, expected 2",
      async (org: string) => {
        const deal = randomUUID();
        await single(org, note(deal));
        await single(org, note(deal));
        return note(deal, { expected_version: 2 });
      },
    ],
    [
      "entity at 2, expected 1 (stale)",
      async (org: string) => {
        const deal = randomUUID();
        await single(org, note(deal));
        await single(org, note(deal));
        return note(deal, { expected_version: 1 });
      },
    ],
    [
      "a duplicate with a stale expected version",
      async (org: string) => {
        const deal = randomUUID();
        const e = note(deal);
        await single(org, e);
        await single(org, note(deal));
        return { ...e, expected_version: 0 };
      },
    ],
    [
      "an id in the log with other content",
      async (org: string) => {
        const e = note(randomUUID());
        await single(org, e);
        return { ...e, payload: { text: "other" } };
      },
    ],
    [
      "an id in the log on another entity",
      async (org: string) => {
        const e = note(randomUUID());
        await single(org, e);
        return { ...e, entity_id: randomUUID() };
      },
    ],
    [
      "an id another org holds with the same content",
      async () => {
        const e = note(randomUUID());
        await single(randomUUID(), e);
        return e;
      },
    ],
  ] as const)("%s: the same answer as the batch path", async (_name, setup) => {
    const r = await both(setup);
    expect(r.single).toEqual(r.batch);
  });

  it("refusals name the event, the kind and the versions", async () => {
    const org = randomUUID(), deal = randomUUID();
    await single(org, note(deal));
    expect(await single(org, note(deal, { expected_version: 0 }))).toEqual({ refused: { n: 0, kind: "expected", current: 1, given: 0 } });
    const e = note(randomUUID());
    await single(org, e);
    expect(await single(org, { ...e, payload: { text: "x" } })).toEqual({ refused: { n: 0, kind: "exists", current: null, given: null } });
    expect(await single(randomUUID(), e)).toEqual({ refused: { n: 0, kind: "exists", current: null, given: null } });
  });

  it("a refused event writes nothing", async () => {
    const org = randomUUID(), deal = randomUUID();
    await single(org, note(deal));
    const count = async () => Number((await db.pool.query("SELECT count(*) AS c FROM system_events WHERE org_id = $1", [org])).rows[0].c);
    await single(org, note(deal, { expected_version: 5 }));
    expect(await count()).toBe(1);
  });
});
