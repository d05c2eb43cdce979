// Every read and command takes garbage in any field and answers 4xx, never 500: the append path has the
// same property in append-input.int.test.ts (which found an int4 overflow reaching Postgres).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError } from "../../../tests/helpers/trpc-errors";
import type { CreatedOrg } from "../orgs/create-org";

let db: TestDb;
let org: CreatedOrg;
const lead = leadCreated();
beforeAll(async () => {
  db = await createTestDb();
  org = await newOrg(db.pool);
  await apiCaller(db.pool, org).events.append(lead);
});
afterAll(async () => db?.drop());

const garbage = fc.oneof(
  fc.anything({ maxDepth: 2, withBigInt: false }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.base64String({ maxLength: 80 }),
  fc.constantFrom("", "2026", "MjAyNnx4", "OTk5OS0xMi0zMVQyMzo1OTo1OS45OTlafDA", "-1", "NaN", "1e309", "+010000-01-01T00:00:00Z"),
  fc.double(),
  fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
);

type Call = { name: string; valid: Record<string, unknown>; fields: string[] };
const calls: Call[] = [
  { name: "events.list", valid: { limit: 10 }, fields: ["cursor", "limit"] },
  { name: "entities.timeline", valid: { type: "deal", id: lead.primary_entity.id }, fields: ["type", "id", "cursor", "limit"] },
  {
    name: "entities.asOf",
    valid: { type: "deal", id: lead.primary_entity.id, asOf: "2026-11-03T00:00:00Z" },
    fields: ["type", "id", "asOf", "basis", "events"],
  },
  { name: "loops.list", valid: {}, fields: ["status", "type", "severity", "cursor", "limit"] },
  { name: "loops.dismiss", valid: { loopId: lead.id }, fields: ["loopId", "reason"] },
  { name: "loops.resolve", valid: { loopId: lead.id }, fields: ["loopId", "note"] },
];

function invoke(name: string, input: unknown): Promise<unknown> {
  const api = apiCaller(db.pool, org) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
  const [router, proc] = name.split(".") as [string, string];
  return api[router]![proc]!(input);
}

describe("reads and commands refuse garbage with a 4xx, never a 500", () => {
  it("any garbage in place of any field", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...calls), fc.nat(), garbage, async (call, pick, value) => {
        const field = call.fields[pick % call.fields.length]!;
        const input = { ...call.valid, [field]: value };
        const out = await invoke(call.name, input).then(
          () => null,
          (e: unknown) => e,
        );
        if (out === null) return;
        const err = await callError(Promise.reject(out));
        expect(err.httpStatus, `${call.name} ${field}=${JSON.stringify(value)}: ${err.code}: ${err.message}`).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ["events.list", { cursor: 1e20 }, "cursor"],
    ["loops.list", { cursor: Buffer.from(`2026|${lead.id}`).toString("base64url") }, "cursor"],
    ["loops.list", { cursor: Buffer.from(`+010000-01-01T00:00:00.000Z|${lead.id}`).toString("base64url") }, "cursor"],
    ["loops.list", { cursor: Buffer.from(`0000-01-01T00:00:00.000Z|${lead.id}`).toString("base64url") }, "cursor"],
  ])("%s %j is a BAD_REQUEST", async (name, input, field) => {
    const err = await callError(invoke(name, input));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message + JSON.stringify(err.issues)).toContain(field);
  });
});
