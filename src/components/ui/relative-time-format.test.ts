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
