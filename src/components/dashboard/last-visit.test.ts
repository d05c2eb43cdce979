import { describe, expect, it } from "vitest";
import { FIRST_VISIT_LOOKBACK_MS, VISIT_GAP_MS, parseVisits, recordVisit, sinceDefault, visitsKey } from "./last-visit";

const T = Date.parse("2026-11-30T09:00:00Z");
const MIN = 60_000;

describe("last visit", () => {
  it("a first visit has no previous one: since starts a day back", () => {
    const v = recordVisit(null, T);
    expect(v).toEqual({ visitStart: T, lastSeen: T, previousSeen: null });
    expect(sinceDefault(v, T + MIN)).toEqual({ from: T + MIN - FIRST_VISIT_LOOKBACK_MS, lastVisit: false });
  });

  it("views within the gap are one visit: a reload does not move the last visit to a minute ago", () => {
    const first = recordVisit(null, T);
    const later = recordVisit(recordVisit(first, T + 10 * MIN), T + 25 * MIN);
    expect(later).toEqual({ visitStart: T, lastSeen: T + 25 * MIN, previousSeen: null });
  });

  it("after a gap, the last visit is where the previous one ended", () => {
    const ended = recordVisit(recordVisit(null, T), T + 20 * MIN);
    const back = recordVisit(ended, T + 20 * MIN + VISIT_GAP_MS + 1);
    expect(back.previousSeen).toBe(T + 20 * MIN);
    expect(sinceDefault(back, T + 3 * 3_600_000)).toEqual({ from: T + 20 * MIN, lastVisit: true });
    // …and it stays so for the rest of this visit.
    expect(recordVisit(back, T + 20 * MIN + VISIT_GAP_MS + 5 * MIN).previousSeen).toBe(T + 20 * MIN);
  });

  it("exactly the gap is still the same visit; a clock set back does not move lastSeen back", () => {
    const v = recordVisit(null, T);
    expect(recordVisit(v, T + VISIT_GAP_MS).previousSeen).toBeNull();
    expect(recordVisit(v, T - MIN).lastSeen).toBe(T);
  });

  it("is kept per user, and what storage holds is read only if it is visits", () => {
    expect(visitsKey("u1")).not.toBe(visitsKey("u2"));
    const v = { visitStart: T, lastSeen: T, previousSeen: T - 1 };
    expect(parseVisits(JSON.stringify(v))).toEqual(v);
    expect(parseVisits(null)).toBeNull();
    expect(parseVisits("{not json")).toBeNull();
    expect(parseVisits(JSON.stringify({ visitStart: "yesterday", lastSeen: T, previousSeen: null }))).toBeNull();
    expect(parseVisits(JSON.stringify({ visitStart: T, lastSeen: T }))).toBeNull();
  });
});
