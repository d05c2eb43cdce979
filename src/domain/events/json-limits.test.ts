import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_PAYLOAD_LIMITS, MAX_PAYLOAD_DEPTH, isStorableText, jsonProblem, payloadProblem } from "./json-limits";

/** An array nested `levels` deep: [[[…]]] (the outer array is level 1). */
const nested = (levels: number): unknown => {
  let v: unknown = [];
  for (let i = 1; i < levels; i++) v = [v];
  return v;
};

describe("jsonProblem", () => {
  it("accepts 32 levels and refuses 33, naming the first container past the limit and the limit", () => {
    expect(jsonProblem(nested(MAX_PAYLOAD_DEPTH), MAX_PAYLOAD_DEPTH)).toBeNull();
    const p = jsonProblem(nested(MAX_PAYLOAD_DEPTH + 1), MAX_PAYLOAD_DEPTH);
    expect(p?.path).toEqual(Array(32).fill(0));
    expect(p?.message).toMatch(/deeper than 32 levels/);
  });

  it("walks any depth without recursion: 4,000 and 1,000,000 levels are refusals, not stack overflows", () => {
    for (const levels of [4_000, 1_000_000]) expect(jsonProblem(nested(levels), MAX_PAYLOAD_DEPTH)?.message).toMatch(/deeper than 32/);
  });

  it("names the path of a deep object inside a field", () => {
    let deep: Record<string, unknown> = {};
    const root = { ok: 1, tree: deep };
    for (let i = 0; i < 40; i++) deep = (deep.child = {}) as Record<string, unknown>;
    expect(jsonProblem(root, 3)?.path).toEqual(["tree", "child", "child"]);
  });

  it("refuses what would not be stored exactly: non-finite numbers, __proto__ keys, NUL and lone surrogates", () => {
    expect(jsonProblem({ a: [1, JSON.parse("1e400")] }, 32)).toMatchObject({ path: ["a", 1], message: expect.stringMatching(/finite/) });
    expect(jsonProblem({ a: -Infinity }, 32)?.path).toEqual(["a"]);
    expect(jsonProblem({ a: NaN }, 32)?.path).toEqual(["a"]);
    expect(jsonProblem(JSON.parse('{"x":{"__proto__":{"admin":true}}}'), 32)).toMatchObject({ path: ["x", "__proto__"] });
    expect(jsonProblem({ note: "a\u0000b" }, 32)).toMatchObject({ path: ["note"], message: expect.stringMatching(/NUL/) });
    expect(jsonProblem({ list: ["ok", "\ud800"] }, 32)?.path).toEqual(["list", 1]);
    expect(jsonProblem({ list: ["\udc00x"] }, 32)?.path).toEqual(["list", 0]);
    expect(jsonProblem({ ["k\u0000"]: 1 }, 32)).toMatchObject({ path: ["k\u0000"], message: expect.stringMatching(/^key /) });
    // A well-formed pair is fine; so are "constructor" and "prototype" keys, which JSON keeps.
    expect(jsonProblem({ emoji: "😀", constructor: 1, prototype: { a: 1 } }, 32)).toBeNull();
  });

  it("reports the first problem in document order", () => {
    expect(jsonProblem({ a: { b: "\u0000" }, c: Infinity }, 32)?.path).toEqual(["a", "b"]);
    expect(jsonProblem([[Infinity], "\u0000"], 32)?.path).toEqual([0, 0]);
  });

  it("accepts any JSON value within the depth limit made of storable text and finite numbers", () => {
    const storable = fc.string().filter((s) => !s.includes("\u0000"));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        storable, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(storable.filter((k) => k !== "__proto__"), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(fc.property(json, (v) => jsonProblem(v, 1000) === null));
  });
});

describe("payloadProblem", () => {
  it("counts serialized UTF-8 bytes against the limit and names the limit", () => {
    const limits = { ...DEFAULT_PAYLOAD_LIMITS, maxBytes: 20 };
    expect(payloadProblem({ t: "é".repeat(6) }, limits)).toBeNull(); // {"t":"éééééé"} = 8 + 12 bytes
    expect(payloadProblem({ t: "é".repeat(7) }, limits)).toEqual({ path: [], message: "must be at most 20 bytes when serialized (got 22)" });
  });

  it("never counts a payload smaller than it serializes: the longest numbers print in 25 characters", () => {
    const n = -0.0000012345678901234567; // "-0.0000012345678901234567"
    expect(JSON.stringify([n, n])).toHaveLength(53);
    expect(payloadProblem([n, n], { ...DEFAULT_PAYLOAD_LIMITS, maxBytes: 53 })).toBeNull();
    expect(payloadProblem([n, n], { ...DEFAULT_PAYLOAD_LIMITS, maxBytes: 52 })?.message).toBe("must be at most 52 bytes when serialized (got 53)");
  });
});

/** The rules as a plain recursive walk in document order, and the exact serialized size: what the fast scan must agree with. */
function reference(v: unknown, limits: { maxDepth: number; maxBytes: number }): { path: (string | number)[]; message: string } | null {
  const walk = (x: unknown, path: (string | number)[]): { path: (string | number)[]; message: string } | null => {
    if (typeof x === "string") return isStorableText(x) ? null : { path, message: "text" };
    if (typeof x === "number") return Number.isFinite(x) ? null : { path, message: "number" };
    if (x === null || typeof x !== "object") return null;
    if (path.length + 1 > limits.maxDepth) return { path, message: "depth" };
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const p = walk(x[i], [...path, i]);
        if (p) return p;
      }
      return null;
    }
    // An object's keys are checked when it is reached, before any of its values.
    for (const key of Object.keys(x)) {
      if (key === "__proto__") return { path: [...path, key], message: "proto" };
      const k = walk(key, [...path, key]);
      if (k) return k;
    }
    for (const key of Object.keys(x)) {
      const p = walk((x as Record<string, unknown>)[key], [...path, key]);
      if (p) return p;
    }
    return null;
  };
  const problem = walk(v, []);
  if (problem) return problem;
  const bytes = new TextEncoder().encode(JSON.stringify(v) ?? "").length;
  return bytes > limits.maxBytes ? { path: [], message: "size" } : null;
}

describe("payloadProblem and jsonProblem against a plain recursive walk", () => {
  it("find the same first problem (or none), and refuse exactly the payloads over the byte limit", () => {
    const text = fc.oneof(fc.string(), fc.constantFrom("a\u0000", "\ud800", "x\udc00", "😀", "\"quoted\"\n", "é".repeat(30)));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        text,
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(JSON.parse('{"__proto__":1}') as unknown),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(text, tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 400 }), (v, maxDepth, maxBytes) => {
        const expected = reference(v, { maxDepth, maxBytes });
        const got = payloadProblem(v, { maxDepth, maxBytes });
        expect(got?.path ?? null).toEqual(expected?.path ?? null);
        if (expected?.message === "size") expect(got?.message).toMatch(/bytes when serialized/);
        const rules = jsonProblem(v, maxDepth);
        expect(rules?.path ?? null).toEqual(expected && expected.message !== "size" ? expected.path : null);
      }),
      { numRuns: 2000 },
    );
  });
});
