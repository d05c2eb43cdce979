import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveLoops } from "../loops/derive";
import { buildLog, scenario } from "../testing/arbitrary-log";
import { foldAll } from "./fold";
import { nextChangeAt } from "./next-change";

const T0 = Date.parse("2025-01-06T00:00:00Z");
const DAY = 86_400_000;
const asOfOffset = fc.integer({ min: -10 * DAY, max: 60 * DAY });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

describe("nextChangeAt (what the tick relies on)", () => {
  it("loops are constant from asOf until just before the next change, and differ at it", () => {
    fc.assert(
      fc.property(scenario, asOfOffset, fraction, ({ steps }, offset, frac) => {
        const asOf = new Date(T0 + offset);
        for (const state of foldAll(buildLog(steps).flatMap((b) => b.events)).values()) {
          const now = deriveLoops(state, asOf);
          const next = nextChangeAt(state, asOf);
          if (next === null) {
            expect(deriveLoops(state, new Date(asOf.getTime() + 365 * DAY))).toEqual(now);
            continue;
          }
          expect(next.getTime()).toBeGreaterThan(asOf.getTime());
          const between = asOf.getTime() + Math.floor(frac * (next.getTime() - 1 - asOf.getTime()));
          expect(deriveLoops(state, new Date(between))).toEqual(now);
          expect(deriveLoops(state, new Date(next.getTime() - 1))).toEqual(now);
          expect(deriveLoops(state, next)).not.toEqual(now);
        }
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});
