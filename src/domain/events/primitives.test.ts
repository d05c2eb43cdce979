import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoInstant } from "./primitives";

const pad = (n: number, w: number) => String(n).padStart(w, "0");

describe("isoInstant", () => {
  it("refuses an offset that moves the instant out of the years 1–9999, and accepts one that keeps it in", () => {
    expect(isoInstant.safeParse("9999-12-31T20:00:00-14:00").success).toBe(false); // year 10000 in UTC
    expect(isoInstant.safeParse("0001-01-01T00:30:00+01:00").success).toBe(false); // year 0 in UTC
    expect(isoInstant.safeParse("0000-06-01T00:00:00Z").success).toBe(false);
    expect(isoInstant.safeParse("9998-12-31T23:59:59-23:59").success).toBe(true);
    expect(isoInstant.safeParse("0002-01-01T00:00:00+23:59").success).toBe(true);
    expect(isoInstant.safeParse("9999-12-31T23:59:59.999Z").success).toBe(true);
  });

  it("accepts exactly the well-formed instants whose UTC year is 1–9999, whatever the offset", () => {
    const instant = fc
      .record({
        year: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 9996, max: 9999 }), fc.integer({ min: 0, max: 9999 })),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        hour: fc.integer({ min: 0, max: 23 }),
        offset: fc.option(fc.record({ sign: fc.constantFrom("+", "-"), h: fc.integer({ min: 0, max: 23 }), m: fc.integer({ min: 0, max: 59 }) })),
      })
      .map(({ year, month, day, hour, offset }) => {
        const zone = offset ? `${offset.sign}${pad(offset.h, 2)}:${pad(offset.m, 2)}` : "Z";
        return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:00:00${zone}`;
      });
    fc.assert(
      fc.property(instant, (v) => {
        const utcYear = new Date(v).getUTCFullYear();
        expect(isoInstant.safeParse(v).success).toBe(utcYear >= 1 && utcYear <= 9999);
      }),
      { numRuns: 3000 },
    );
  });
});
