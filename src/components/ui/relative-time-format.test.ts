import { describe, expect, it } from "vitest";
import { formatExact, formatRelative, wholeDaysBetween } from "./relative-time-format";

const now = new Date("2026-11-24T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const H = 3_600_000;

describe("formatRelative", () => {
  it.each([
    [20_000, "just now"],
    [-5 * 60_000, "5 minutes ago"],
    [3 * H, "in 3 hours"],
    [-26 * H, "yesterday"],
    [24 * H, "tomorrow"],
    [-12 * 24 * H, "12 days ago"],
    [70 * 24 * H, "in 2 months"],
    [-800 * 24 * H, "2 years ago"],
  ])("%d ms from now reads %s", (ms, text) => {
    expect(formatRelative(at(ms), now)).toBe(text);
  });

  it("reads two moments either side of a unit's edge alike (issue 13: “in 24 hours” beside “tomorrow”)", () => {
    const M = 60_000;
    expect(formatRelative(at(24 * H - 10 * M), now)).toBe("tomorrow");
    expect(formatRelative(at(24 * H + 10 * M), now)).toBe("tomorrow");
    expect(formatRelative(at(60 * M - 20_000), now)).toBe("in 1 hour");
    expect(formatRelative(at(-(30 * 24 * H - 6 * H)), now)).toBe("last month");
    expect(formatRelative(at(364 * 24 * H), now)).toBe("next year");
  });
});

describe("formatExact and wholeDaysBetween", () => {
  it("formats in the given time zone", () => {
    expect(formatExact(now, "Europe/Berlin")).toBe("Tue, 24 Nov 2026, 13:00");
  });
  it("counts whole days, rounding down", () => {
    expect(wholeDaysBetween(at(-12.9 * 24 * H), now)).toBe(12);
    expect(wholeDaysBetween(at(-2 * H), now)).toBe(0);
  });
});
