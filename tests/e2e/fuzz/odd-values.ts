import { randomUUID } from "node:crypto";
import fc from "fast-check";

// The odd values the fuzz suite puts wherever input goes: wrong types, huge and deep JSON, NUL and
// lone surrogates, extreme numbers and dates, other orgs' ids.

/** Ids of the canary org (its events, entities, loops, user, org, key): they must stay out of reach. */
export type CanaryIds = { orgId: string; userId: string; keyId: string; eventIds: string[]; entities: { type: string; id: string }[]; loopIds: string[] };

/** A container nested `levels` deep, alternating arrays and objects. */
export function deep(levels: number, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

export const ODD_STRINGS = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "x\udc00y", "\ud83d", "😀", "\u202e", "%00", "../../sign-in?next=//evil.example",
  "<script>alert(1)</script>", "'; DROP TABLE system_events; --", "1e400", "NaN", "-0", "null", "undefined", "__proto__",
  "constructor", "\\u0000", "Ω".repeat(10_000), "x".repeat(70_000),
];

export const ODD_NUMBERS = [
  0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, 2 ** 64,
  Number.MAX_SAFE_INTEGER, 1e21, 123456789.12345679,
];

export const ODD_INSTANTS = [
  "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999-14:00",
  "0001-01-01T00:00:00+14:00", "+275760-09-13T00:00:00.000Z", "-000001-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
  "2026-11-02T09:00:00.123456789Z", "2026-11-02T09:00:00.1234+02:00", "2026-11-02T09:00:00.120000Z", "2026-11-02",
  "2026-11-02T09:00:00", "1970-01-01T00:00:00Z", "2026-11-02T24:00:00Z", "2026-11-02T09:00:00+25:00",
];

const ODD_IDS = ["00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "{5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11}", "5f0c7a527d4b4b8e9c610d2f4b3e6a11", "not-a-uuid"];

/** Any id a caller could send: fresh, malformed, or the canary org's. */
export const idArb = (canary: CanaryIds) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => randomUUID()) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_IDS) },
    { weight: 3, arbitrary: fc.constantFrom(canary.orgId, canary.userId, canary.keyId, ...canary.eventIds, ...canary.entities.map((e) => e.id), ...canary.loopIds) },
  );

/** A JSON value of any shape, mostly odd. */
export const oddValueArb = (canary: CanaryIds): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_NUMBERS) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_INSTANTS) },
    { weight: 2, arbitrary: idArb(canary) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
    // Deeper than a few thousand levels, JSON.stringify itself overflows here: RAW_BODIES sends those as text.
    { weight: 1, arbitrary: fc.constantFrom(31, 32, 33, 100, 1_000, 4_000).map((n) => deep(n)) },
    { weight: 1, arbitrary: fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":true},"text":"p"}')) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => i)) },
  );

/** Raw request bodies no JSON.stringify makes: broken, deep, out of range, not UTF-8. */
export const RAW_BODIES: (string | Buffer)[] = [
  "", "{", "null", "[]", '{"events":', "[".repeat(100_000), `${"[".repeat(50_000)}${"]".repeat(50_000)}`,
  `{"events":[${"[".repeat(30_000)}${"]".repeat(30_000)}]}`, '{"id":1e400,"payload":{"n":-1e400}}', '{"0":{"json":1e999}}',
  "\ufeff{}", Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x7d]), Buffer.from([0xc3, 0x28]), '{"a":"\\ud800"}', '{"a":"\\u0000"}',
  `{"text":"${"x".repeat(2 * 1024 * 1024)}"}`,
];
