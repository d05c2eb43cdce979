import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeIso, toMs } from "./instants";

const parsed = (s: string) => Date.parse(s);
const normalized = (s: string) => {
  try {
    return new Date(Date.parse(s)).toISOString();
  } catch {
    return "invalid";
  }
};
const ours = (s: string) => {
  try {
    return normalizeIso(s);
  } catch {
    return "invalid";
  }
};

describe("toMs and normalizeIso (fast path for the canonical spelling)", () => {
  it("equal Date.parse and toISOString for every instant of years 1..9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(toMs(iso)).toBe(ms);
        expect(normalizeIso(iso)).toBe(iso);
      }),
      { numRuns: 20_000 },
    );
  });

  it("leave other spellings and invalid dates to Date.parse", () => {
    const cases = [
      "2025-02-29T00:00:00.000Z",
      "2024-02-29T23:59:59.999Z",
      "1900-02-29T00:00:00.000Z",
      "2000-02-29T00:00:00.000Z",
      "2025-04-31T00:00:00.000Z",
      "2025-12-31T24:00:00.000Z",
      "2025-01-01T00:00:60.000Z",
      "2025-13-01T00:00:00.000Z",
      "2025-00-01T00:00:00.000Z",
      "2025-01-00T00:00:00.000Z",
      "0000-01-01T00:00:00.000Z",
      "2025-1a-01T00:00:00.000Z",
      "2025-01-01T00:00:00.000+01:00",
      "2025-01-01T00:00:00Z",
      "2025-01-01",
    ];
    for (const s of cases) {
      expect(Object.is(toMs(s), parsed(s)), s).toBe(true);
      expect(ours(s), s).toBe(normalized(s));
    }
  });

  it("agree on arbitrary strings of the canonical length", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/), (s) => {
        expect(Object.is(toMs(s), parsed(s))).toBe(true);
        expect(ours(s)).toBe(normalized(s));
      }),
      { numRuns: 5_000 },
    );
  });
});
