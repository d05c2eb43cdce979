import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { joinArrays } from "./write-parts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

/** What Postgres reads from a `$1::jsonb` parameter holding `doc`: its elements, in order. */
async function elements(doc: string | Buffer | null): Promise<unknown[]> {
  const r = await db.pool.query<{ v: unknown }>("SELECT v FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, i) ORDER BY i", [doc]);
  return r.rows.map((row) => row.v);
}

describe("joinArrays: a batch's chunk documents as one jsonb parameter", () => {
  it("several documents reach Postgres as one array of all their elements, in order, multi-byte text intact", async () => {
    const chunks = [
      [["Café Ümlaut", 1, null]],
      [],
      [["日本の店", 2, { nested: ["a", "b"] }], ["emoji 🧁", 3, "quote \" and \\ backslash"]],
      [["last, with a comma", 4, []]],
    ];
    const joined = joinArrays([...chunks.map((c) => JSON.stringify(c)), null]);
    expect(Buffer.isBuffer(joined)).toBe(true);
    expect(await elements(joined)).toEqual(chunks.flat());
  });

  it("one document passes as it is; none gives null", async () => {
    const one = JSON.stringify([["only", 1]]);
    expect(joinArrays([null, one, "[]"])).toBe(one);
    expect(await elements(joinArrays([null, one, "[]"]))).toEqual([["only", 1]]);
    expect(joinArrays([null, "[]"])).toBeNull();
  });
});
