import { describe, expect, it } from "vitest";
import { countAt, momentAtIndex, momentSearch, nextStop, parseMoment, previousStop, sameMoment, sliderModel, stopIndexAt, stopsOf, withMoment } from "./moments";

describe("scrubber stops", () => {
  // Log order: 30, 10, 20, 20 (a late arrival recorded second, two events at the same instant).
  const stops = stopsOf([30, 10, 20, 20]);

  it("are the distinct instants ascending, counting events that share one", () => {
    expect(stops).toEqual([
      { at: 10, count: 1, firstIndex: 1 },
      { at: 20, count: 2, firstIndex: 2 },
      { at: 30, count: 1, firstIndex: 0 },
    ]);
  });

  it("find the last stop at or before a moment", () => {
    expect([5, 10, 15, 20, 29, 30, 99].map((ms) => stopIndexAt(stops, ms))).toEqual([-1, 0, 0, 1, 1, 2, 2]);
  });

  it("step to the previous and next stop, past the last one meaning now", () => {
    expect(previousStop(stops, 20)).toBe(10);
    expect(previousStop(stops, 25)).toBe(20);
    expect(previousStop(stops, 10)).toBeNull();
    expect(nextStop(stops, 5)).toBe(10);
    expect(nextStop(stops, 20)).toBe(30);
    expect(nextStop(stops, 30)).toBeNull();
  });

  it("count the events visible at a moment", () => {
    expect([5, 10, 20, 30].map((ms) => countAt(stops, ms))).toEqual([0, 1, 3, 4]);
  });
});

describe("the slider", () => {
  const stops = stopsOf([30, 10, 20, 20]);

  it("has a position per stop, and now at the end", () => {
    expect(sliderModel(stops, null)).toEqual({ index: 3, max: 3, before: false, startAt: 10 });
    expect(sliderModel(stops, 25)).toEqual({ index: 1, max: 3, before: false, startAt: 10 });
    expect(momentAtIndex(stops, sliderModel(stops, 25), 2, 25)).toBe(30);
    expect(momentAtIndex(stops, sliderModel(stops, 25), 3, 25)).toBeNull();
  });

  it("starts at a moment before every stop, so its start never reads a later date than the one shown (issue 13)", () => {
    const model = sliderModel(stops, 4);
    expect(model).toEqual({ index: 0, max: 4, before: true, startAt: 4 });
    expect(momentAtIndex(stops, model, 0, 4)).toBe(4);
    expect(momentAtIndex(stops, model, 1, 4)).toBe(10);
    expect(sliderModel([], 4)).toEqual({ index: 0, max: 1, before: true, startAt: 4 });
  });
});

describe("the moment in the URL", () => {
  it("round-trips a past moment and its basis", () => {
    const m = { at: Date.parse("2026-11-03T09:00:00Z"), basis: "recorded" as const };
    expect(momentSearch(m)).toBe("?asOf=2026-11-03T09%3A00%3A00.000Z&basis=recorded");
    expect(parseMoment(Object.fromEntries(new URLSearchParams(momentSearch(m))))).toEqual(m);
  });

  it("is empty for now as it happened, and ignores what it cannot read", () => {
    expect(momentSearch({ at: null, basis: "occurred" })).toBe("");
    expect(parseMoment({ asOf: "yesterday", basis: "sideways" })).toEqual({ at: null, basis: "occurred" });
  });
});

describe("the moment among a page's other parameters", () => {
  it("replaces only asOf and basis", () => {
    const m = { at: Date.parse("2026-11-03T09:00:00Z"), basis: "occurred" as const };
    expect(withMoment("?show=all&asOf=x&basis=recorded", m)).toBe("?show=all&asOf=2026-11-03T09%3A00%3A00.000Z&basis=occurred");
    expect(withMoment("?show=all&asOf=x", { at: null, basis: "occurred" })).toBe("?show=all");
    expect(withMoment("", { at: null, basis: "occurred" })).toBe("");
    expect(sameMoment(m, { ...m })).toBe(true);
    expect(sameMoment(m, { ...m, basis: "recorded" })).toBe(false);
  });
});
