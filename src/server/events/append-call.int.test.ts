import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventCount } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { type AppendRow, appendCall } from "./append-call";

// calm_append_events takes one array per field since version 6. Its previous signature, one JSON
// document of events, stays for instances still running the previous code during a deploy: these
// hold it to the same answers, and the arrays to one length.

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const ACTOR = "00000000-0000-4000-8000-000000000001";
const note = (entity: string, expected_version: number | null = null): AppendRow => ({
  id: randomUUID(), event_type: "note_added", occurred_at: "2026-11-03T09:00:00.000+01:00", actor_id: ACTOR, actor_type: "system",
  entity_id: entity, entity_type: "deal", payload: { text: "hello", n: [1, { deep: true }] }, expected_version,
});

const COLUMNS = `n, duplicate, event_type, occurred_at, actor_id, primary_entity_type, payload, entity_version`;
type Call = (org: string, rows: AppendRow[]) => Promise<unknown>;

const viaCall: Call = async (org, rows) => {
  const { args, values } = appendCall(org, rows);
  return answer(() => db.pool.query(`SELECT ${COLUMNS} FROM calm_append_events(${args}) ORDER BY n NULLS FIRST, entity_version`, values));
};
const viaDocument: Call = async (org, rows) =>
  answer(() =>
    db.pool.query(`SELECT ${COLUMNS} FROM calm_append_events($1, $2::jsonb) ORDER BY n NULLS FIRST, entity_version`, [
      org,
      JSON.stringify(rows.map((r, n) => ({ n, ...r }))),
    ]),
  );

async function answer(run: () => Promise<{ rows: unknown[] }>): Promise<unknown> {
  try {
    return { rows: (await run()).rows };
  } catch (e) {
    const err = e as { message?: string; detail?: string };
    return { refused: err.message, detail: err.detail ? JSON.parse(err.detail) : null };
  }
}

const count = (org: string) => eventCount(db.pool, org);

describe("calm_append_events' previous signature (one JSON document)", () => {
  it("answers as the current arguments do (arrays, or scalars for one event): new events, a re-sent one, a twin, a wrong expected version", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const answers = [];
    for (const call of [viaCall, viaDocument]) {
      const org = randomUUID();
      const first = [note(a), note(b), note(a, 1)];
      const resent = { ...first[0]! };
      const steps = [first, [resent, note(a)], [note(b), resent, resent], [note(a, 9)], [note(b, 2)]];
      const seen = [];
      for (const rows of steps) seen.push(await call(org, rows));
      answers.push({ seen, written: await count(org) });
    }
    expect(answers[0]!.seen[0]).toMatchObject({ rows: [{ n: null, entity_version: 1 }, { n: null, entity_version: 1 }, { n: null, entity_version: 2 }] });
    expect(answers[0]!.seen[3]).toMatchObject({ detail: { kind: "expected", given: 9, current: 3 } });
    expect(answers[0]!.written).toBe(6);
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe("calm_append_events' arrays", () => {
  it("are refused when they differ in length, or are empty, and nothing is written", async () => {
    const org = randomUUID();
    const rows = [note(randomUUID()), note(randomUUID())];
    for (const cut of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const { args, values } = appendCall(org, rows);
      // An array literal ("{a,b}": its elements hold no commas here) less its first element.
      values[cut] = cut === 8 ? JSON.stringify([{ a: 1 }]) : `{${(values[cut] as string).slice(1, -1).split(",").slice(1).join(",")}}`;
      await expect(db.pool.query(`SELECT * FROM calm_append_events(${args})`, values), `array ${cut}`).rejects.toThrow(
        "its arrays must be of one length",
      );
    }
    const none = appendCall(org, []);
    await expect(db.pool.query(`SELECT * FROM calm_append_events(${none.args})`, none.values)).rejects.toThrow(
      "its arrays must be of one length",
    );
    expect(await count(org)).toBe(0);
  });

  it("refuse an event without a payload (JSON null), alone or in a batch, as the column does: nothing written", async () => {
    const org = randomUUID();
    for (const rows of [[{ ...note(randomUUID()), payload: null }], [note(randomUUID()), { ...note(randomUUID()), payload: null }]]) {
      const { args, values } = appendCall(org, rows);
      await expect(db.pool.query(`SELECT * FROM calm_append_events(${args})`, values)).rejects.toThrow(/null value in column "payload"/);
    }
    expect(await count(org)).toBe(0);
  });
});
