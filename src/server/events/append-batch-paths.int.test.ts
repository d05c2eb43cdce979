import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { eventCount, noteOn } from "../../../tests/helpers/events";
import { callError, issuePaths } from "../../../tests/helpers/trpc-errors";
import { type AppendRow, appendCall } from "./append-call";

// calm_append_events (version 4 on, prisma/sql/calm_append_events.sql) runs a batch whose ids are all
// new on a path of its own, and any other batch on the general path. These hold the two to the
// same answers: a batch alone (new ids only) against the same batch behind one event already in
// the log (which sends it down the general path), on twin orgs with the same history.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

type Ev = { id: string; entity: string; expected_version: number | null };
type Row = { n: number; duplicate: boolean; id: string; entity_version: number; position: number };
type Answer = { rows: Row[]; numbered: boolean };

const ACTOR = "00000000-0000-4000-8000-000000000001";
const appendRows = (events: Ev[]): AppendRow[] =>
  events.map((e) => ({
    id: e.id, event_type: "note_added", occurred_at: "2026-11-03T09:00:00.000Z", actor_id: ACTOR, actor_type: "system",
    entity_id: e.entity, entity_type: "deal", payload: { text: `note ${e.id.slice(0, 8)}` }, expected_version: e.expected_version,
  }));

/**
 * The function's answer in request order. The new-ids path answers unnumbered rows (n null) in no
 * order (version 5), placed here by id as append.ts places them; `numbered` says which it was.
 */
async function call(org: string, events: Ev[]): Promise<Answer | { refused: unknown }> {
  try {
    const { args, values } = appendCall(org, appendRows(events));
    const res = await db.pool.query<Omit<Row, "n"> & { n: number | null }>(
      `SELECT n, duplicate, id, entity_version, "position" FROM calm_append_events(${args})`,
      values,
    );
    const numbered = res.rows.every((r) => r.n !== null);
    expect(numbered || res.rows.every((r) => r.n === null)).toBe(true);
    const rows = res.rows.map((r) => ({ ...r, n: r.n ?? events.findIndex((e) => e.id === r.id) })).sort((a, b) => a.n - b.n);
    expect(rows.map((r) => r.n)).toEqual(events.map((_, n) => n)); // one row per event, each placed
    return { rows, numbered };
  } catch (e) {
    const err = e as { code?: string; message?: string; detail?: string };
    if (err.code !== "P0001" || err.message !== "calm_append_conflict") throw e;
    return { refused: JSON.parse(err.detail!) };
  }
}

const count = async (org: string) =>
  (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events WHERE org_id = $1", [org])).rows[0]!.n;

/**
 * Two orgs with the same history (`history` events on each of `entities`), then `batch` on each:
 * alone in one (the new-ids path), behind a re-sent stored event in the other (the general path).
 * Answers compared without that leading duplicate (and without ids), refusals with its index taken off.
 */
async function bothPaths(entityCount: number, history: number, batch: (entities: string[]) => Ev[]) {
  const entities = Array.from({ length: entityCount }, () => randomUUID());
  const orgs = [randomUUID(), randomUUID()] as const;
  const stored: Ev[] = [];
  for (const org of orgs) {
    for (const entity of entities) {
      const evs = Array.from({ length: history }, () => ({ id: randomUUID(), entity, expected_version: null }));
      if (evs.length > 0) expect("rows" in (await call(org, evs))).toBe(true);
    }
    const s = { id: randomUUID(), entity: entities[0]!, expected_version: null };
    expect("rows" in (await call(org, [s, { ...s }]))).toBe(true); // stored once
    stored.push(s);
  }
  // Ids are unique across orgs: each org gets the batch with ids of its own.
  const before = [await count(orgs[0]), await count(orgs[1])];
  const alone = await call(orgs[0], batch(entities));
  const behind = await call(orgs[1], [stored[1]!, ...batch(entities)]);
  const shape = (r: typeof alone, skip: number) =>
    "rows" in r
      ? { rows: r.rows.slice(skip).map(({ n, duplicate, entity_version }) => ({ n: n - skip, duplicate, entity_version })), numbered: null }
      : { refused: { ...(r.refused as { n: number }), n: (r.refused as { n: number }).n - skip } };
  const written = [(await count(orgs[0])) - before[0]!, (await count(orgs[1])) - before[1]!];
  // Which path each took: the new-ids path answers unnumbered, the general one numbered.
  if ("rows" in alone) expect(alone.numbered).toBe(false);
  if ("rows" in behind) expect(behind.numbered).toBe(true);
  return { alone: shape(alone, 0), behind: shape(behind, 1), written, raw: alone };
}

describe("calm_append_events: a batch of new ids and the general path agree", () => {
  it("interleaved entities with history: versions continue per entity, positions follow the request", async () => {
    const r = await bothPaths(3, 2, ([a, b, c]) =>
      [a, b, a, c, c, a, b].map((entity) => ({ id: randomUUID(), entity: entity!, expected_version: null })),
    );
    expect(r.alone).toEqual(r.behind);
    expect("rows" in r.raw && r.raw.rows.map((x) => x.entity_version)).toEqual([4, 3, 5, 3, 4, 6, 4]);
    expect("rows" in r.raw && r.raw.rows.every((x) => !x.duplicate)).toBe(true);
    const positions = "rows" in r.raw ? r.raw.rows.map((x) => x.position) : [];
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(r.written).toEqual([7, 7]);
  });

  it("expected versions that all match are accepted", async () => {
    const r = await bothPaths(2, 1, ([a, b]) => [
      { id: randomUUID(), entity: a!, expected_version: 2 }, // a holds the stored event too: version 2
      { id: randomUUID(), entity: b!, expected_version: 1 },
      { id: randomUUID(), entity: a!, expected_version: 3 },
      { id: randomUUID(), entity: b!, expected_version: null },
    ]);
    expect(r.alone).toEqual(r.behind);
    expect("rows" in r.raw && r.raw.rows.map((x) => x.entity_version)).toEqual([3, 2, 4, 3]);
  });

  it("the first failed expected version in request order is the refusal, and nothing is written", async () => {
    const r = await bothPaths(2, 1, ([a, b]) => [
      { id: randomUUID(), entity: b!, expected_version: 1 },
      { id: randomUUID(), entity: a!, expected_version: null },
      { id: randomUUID(), entity: b!, expected_version: 5 }, // b is at 2 by then
      { id: randomUUID(), entity: a!, expected_version: 0 }, // also wrong, but later
    ]);
    expect(r.alone).toEqual(r.behind);
    expect(r.alone).toEqual({ refused: { n: 2, kind: "expected", current: 2, given: 5 } });
    expect(r.written).toEqual([0, 0]);
  });
});

describe("a batch of new ids that is not all new after all (version 7: no probe before the INSERT)", () => {
  it("a stored event late in the batch: the rows inserted before it are taken back, and the general path answers once", async () => {
    const org = randomUUID();
    const entity = randomUUID();
    const stored = { id: randomUUID(), entity, expected_version: null };
    expect("rows" in (await call(org, [stored, { id: randomUUID(), entity, expected_version: null }]))).toBe(true);
    const fresh = () => ({ id: randomUUID(), entity, expected_version: null });
    const batch = [fresh(), fresh(), fresh(), { ...stored }, fresh()];
    const before = await count(org);
    const r = await call(org, batch);
    if (!("rows" in r)) throw new Error(`refused: ${JSON.stringify(r.refused)}`);
    expect(r.numbered).toBe(true); // the general path's answer, and only it
    expect(r.rows.map((x) => x.duplicate)).toEqual([false, false, false, true, false]);
    expect(r.rows.map((x) => x.entity_version)).toEqual([3, 4, 5, 1, 6]); // no gap where the fast path had numbered
    expect(await count(org)).toBe(before + 4);
  });

  it("a re-sent batch with expected versions answers its events as duplicates, not as a version mismatch", async () => {
    const org = randomUUID();
    const entity = randomUUID();
    const batch = [
      { id: randomUUID(), entity, expected_version: 0 },
      { id: randomUUID(), entity, expected_version: 1 },
    ];
    const first = await call(org, batch);
    expect("rows" in first && first.numbered).toBe(false);
    const again = await call(org, batch);
    if (!("rows" in again)) throw new Error(`refused: ${JSON.stringify(again.refused)}`);
    expect(again.rows.map((x) => [x.duplicate, x.entity_version])).toEqual([[true, 1], [true, 2]]);
    expect(await count(org)).toBe(2);
  });
});

describe("a batch of new ids racing another writer for one of its ids", () => {
  it("waits for that writer, then answers as the general path does: CONFLICT naming the event, nothing written", async () => {
    const org = await newOrg(db.pool);
    const api = apiCaller(db.pool, org);
    const events = [noteOn({ id: randomUUID(), type: "deal" }), noteOn({ id: randomUUID(), type: "deal" }), noteOn({ id: randomUUID(), type: "deal" })];
    const contested = events[1]!;
    // Another writer holds the contested id, uncommitted, on another entity: the batch's check
    // sees no such id, and its INSERT waits on the primary key.
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(
        `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, entity_version)
         VALUES ($1, $2, 'note_added', now(), $3, 'system', $4, 'deal', '{"text":"theirs"}', 1)`,
        [contested.id, org.orgId, ACTOR, randomUUID()],
      );
      const before = await eventCount(db.pool, org.orgId);
      const pending = callError(api.events.appendBatch({ events }));
      await waitForLockWait();
      await other.query("COMMIT");
      const err = await pending;
      expect(err.code).toBe("CONFLICT");
      expect(issuePaths(err)).toEqual(["events.1.id"]);
      expect(await eventCount(db.pool, org.orgId)).toBe(before + 1); // theirs only
    } finally {
      await other.end();
    }
  });
});

/** Until a backend of this database waits on a lock (the batch's INSERT on the uncommitted id). */
async function waitForLockWait() {
  for (let i = 0; i < 500; i++) {
    const r = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (r.rows[0]!.n > 0) return;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error("the batch never waited on the other writer's id");
}
