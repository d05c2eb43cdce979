import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_DATABASE_URL } from "../../../tests/helpers/services";
import { arrayLiteral } from "./array-literal";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
});
afterAll(async () => client.end());

describe("arrayLiteral", () => {
  it("is read back by Postgres as the same array, whatever the text holds", async () => {
    const tricky = fc.constantFrom("", "NULL", "null", " a ", "a,b", '"', "\\", "{x}", "tab\there", "line\nbreak", "é😀", "2026-12-02T10:00:00.000Z");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.oneof(fc.string({ unit: "grapheme" }), tricky), { nil: null }), { maxLength: 12 }), async (values) => {
        // NUL cannot be stored in text at all: pg refuses it whichever way it is sent.
        const storable = values.map((v) => (v === null ? v : v.replaceAll("\u0000", "")));
        const res = await client.query<{ a: (string | null)[] }>("SELECT $1::text[] AS a", [arrayLiteral(storable)]);
        expect(res.rows[0]!.a).toEqual(storable);
      }),
      { numRuns: 300 },
    );
  });

  it("writes numbers and nulls bare, for an int[] parameter", async () => {
    expect(arrayLiteral([0, 7, null, 2147483647])).toBe("{0,7,NULL,2147483647}");
    const res = await client.query<{ a: (number | null)[] }>("SELECT $1::int[] AS a", [arrayLiteral([0, 7, null, 2147483647])]);
    expect(res.rows[0]!.a).toEqual([0, 7, null, 2147483647]);
  });
});
