import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendCall } from "./append-call";

// calm_append_events plans its statements once per session, generically (force_generic_plan):
// a plan chosen while the log is small is kept as it grows. A plan that scans the log instead of
// probing its indexes then costs a table scan per call, unseen until the log is large (a 500-event
// batch went from 20 ms to 300–1,200 ms on a log of ~100,000 events). These plan the function on
// an empty log, grow it, and read every statement's plan (auto_explain, nested statements).

let db: TestDb;
let session: pg.Client;
const plans: string[] = [];
beforeAll(async () => {
  db = await createTestDb();
  session = new pg.Client({ connectionString: db.url });
  await session.connect();
  await session.query(`LOAD 'auto_explain'`);
  await session.query(`SET auto_explain.log_min_duration = 0`);
  await session.query(`SET auto_explain.log_nested_statements = on`);
  await session.query(`SET auto_explain.log_level = notice`);
  session.on("notice", (n) => plans.push(n.message ?? ""));
});
afterAll(async () => {
  await session?.end();
  await db?.drop();
});

const ORG = randomUUID();
const ACTOR = "00000000-0000-4000-8000-000000000001";
const note = (entity: string) => ({
  id: randomUUID(), event_type: "note_added", occurred_at: "2026-11-03T09:00:00.000Z", actor_id: ACTOR, actor_type: "system",
  entity_id: entity, entity_type: "deal", payload: { text: "hello" }, expected_version: null,
});
type Note = ReturnType<typeof note>;
const append = (events: Note[]) => {
  const { args, values } = appendCall(ORG, events);
  return session.query(`SELECT count(*) FROM calm_append_events(${args})`, values);
};

/** The shapes of call, each a path of the function: one event, a batch of new ids, a batch with a duplicate. */
function calls(stored: Note) {
  const deal = randomUUID();
  return [[note(deal)], [note(deal), note(randomUUID()), note(deal)], [stored, note(deal), note(randomUUID())]];
}

describe("calm_append_events on a log that grew after its plans were made", () => {
  it("probes the log's indexes in every statement: no sequential scan of system_events", async () => {
    const stored = note(randomUUID());
    await append([stored]);
    for (const events of calls(stored)) await append(events); // planned on a log of a few rows

    // 20,000 more events, by another connection: the session's cached plans stay as they were.
    await db.pool.query(
      `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, entity_version)
       SELECT gen_random_uuid(), $1, 'note_added', now(), $2, 'system', gen_random_uuid(), 'deal', '{"text":"x"}', 1 FROM generate_series(1, 20000)`,
      [ORG, ACTOR],
    );
    plans.length = 0;
    for (const events of calls(stored)) await append(events);

    const nested = plans.filter((p) => !p.includes("calm_append_events($1"));
    expect(nested.length).toBeGreaterThan(5); // the three paths' statements were seen
    expect(nested.some((p) => p.includes("system_events_pkey"))).toBe(true);
    expect(nested.filter((p) => /Seq Scan on system_events/.test(p))).toEqual([]);
  });
});
