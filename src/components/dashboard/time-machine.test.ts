import { describe, expect, it } from "vitest";
import { withMoment } from "~/components/entity/moments";
import { DAY_MS, agoWords, asOfInput, dayStops, parseDashboardMoment, withShow } from "./time-machine";

const NOW = Date.parse("2026-11-30T12:00:00Z");

describe("the dashboard's moment in its URL", () => {
  it("reads a past moment and its basis", () => {
    expect(parseDashboardMoment({ asOf: "2026-11-27T09:00:00.000Z", basis: "recorded" }, NOW)).toEqual({
      at: Date.parse("2026-11-27T09:00:00Z"),
      basis: "recorded",
    });
  });

  it("reads a moment not in the past as now, and what it cannot read as now as it happened", () => {
    expect(parseDashboardMoment({ asOf: "2026-12-01T00:00:00Z", basis: "recorded" }, NOW)).toEqual({ at: null, basis: "recorded" });
    expect(parseDashboardMoment({ asOf: new Date(NOW).toISOString() }, NOW)).toEqual({ at: null, basis: "occurred" });
    expect(parseDashboardMoment({ asOf: "last monday", basis: "sideways" }, NOW)).toEqual({ at: null, basis: "occurred" });
    expect(parseDashboardMoment({}, NOW)).toEqual({ at: null, basis: "occurred" });
  });

  it("keeps the view beside the moment, and the moment beside the view", () => {
    const at = Date.parse("2026-11-27T09:00:00Z");
    const withBoth = withMoment(withShow("", "all"), { at, basis: "recorded" });
    expect(withBoth).toBe("?show=all&asOf=2026-11-27T09%3A00%3A00.000Z&basis=recorded");
    expect(withShow(withBoth, null)).toBe("?asOf=2026-11-27T09%3A00%3A00.000Z&basis=recorded");
    expect(withMoment(withBoth, { at: null, basis: "occurred" })).toBe("?show=all");
    expect(withShow(withMoment("?show=all", { at: null, basis: "occurred" }), null)).toBe("");
  });

  it("asks the API for now without asOf, and for a past moment with it", () => {
    expect(asOfInput({ at: null, basis: "recorded" })).toEqual({});
    expect(asOfInput({ at: NOW - DAY_MS, basis: "recorded" })).toEqual({ asOf: "2026-11-29T12:00:00.000Z", basis: "recorded" });
  });
});

describe("the dashboard's stops", () => {
  it("are this time of day on each earlier day, oldest first, now not among them", () => {
    const stops = dayStops(NOW, 3);
    expect(stops.map((s) => new Date(s.at).toISOString())).toEqual(["2026-11-27T12:00:00.000Z", "2026-11-28T12:00:00.000Z", "2026-11-29T12:00:00.000Z"]);
  });

  it("read as how long ago", () => {
    expect(agoWords(NOW - DAY_MS, NOW)).toBe("1 day ago");
    expect(agoWords(NOW - 3 * DAY_MS, NOW)).toBe("3 days ago");
    expect(agoWords(NOW - 5 * 3_600_000, NOW)).toBe("5 hours ago");
    expect(agoWords(NOW - 1_000, NOW)).toBe("1 minute ago");
  });
});
