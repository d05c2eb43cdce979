import { describe, expect, it } from "vitest";
import { snoozeChoices, snoozeWhenWords } from "./snooze-choices";

// Local dates: the choices are made in the browser's own time zone, as these tests are.
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const ofChoices = (now: Date) => snoozeChoices(now).map((c) => [c.key, c.until.getTime()]);

describe("snooze quick choices", () => {
  it("on a Tuesday afternoon: later today, tomorrow morning, next Monday", () => {
    const tue = local(2026, 11, 24, 14, 10);
    expect(ofChoices(tue)).toEqual([
      ["later", local(2026, 11, 24, 17).getTime()],
      ["tomorrow", local(2026, 11, 25, 9).getTime()],
      ["monday", local(2026, 11, 30, 9).getTime()],
    ]);
  });

  it("leave out later today once it would be night, and a Monday that is tomorrow", () => {
    expect(ofChoices(local(2026, 11, 24, 19, 30)).map(([k]) => k)).toEqual(["tomorrow", "monday"]);
    const sunday = local(2026, 11, 29, 10, 0);
    expect(ofChoices(sunday)).toEqual([
      ["later", local(2026, 11, 29, 13).getTime()],
      ["tomorrow", local(2026, 11, 30, 9).getTime()],
    ]);
  });

  it("on a Monday, next Monday is a week on; every choice lies ahead", () => {
    const monday = local(2026, 11, 30, 8, 0);
    const choices = snoozeChoices(monday);
    expect(choices.find((c) => c.key === "monday")!.until).toEqual(local(2026, 12, 7, 9));
    for (const c of choices) expect(c.until.getTime()).toBeGreaterThan(monday.getTime());
    // At 10:59 "later" is 13:00 or 14:00: at least two hours on, on the hour.
    const later = snoozeChoices(local(2026, 11, 30, 10, 59)).find((c) => c.key === "later")!.until;
    expect(later.getMinutes()).toBe(0);
    expect(later.getTime() - local(2026, 11, 30, 10, 59).getTime()).toBeGreaterThan(2 * 3_600_000);
  });

  it("say when in the app's own format", () => {
    const now = local(2026, 11, 24, 14, 10);
    expect(snoozeWhenWords(local(2026, 11, 24, 17), now)).toBe("17:00");
    expect(snoozeWhenWords(local(2026, 11, 25, 9), now)).toBe("Wed 25 Nov, 09:00");
  });
});
