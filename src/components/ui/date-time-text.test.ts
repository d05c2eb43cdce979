import { describe, expect, it } from "vitest";
import { formatDateText, formatDateTimeText, parseDateText, parseDateTimeText } from "./date-time-text";

// The tests run in the machine's time zone: expectations are built with local Date fields too.
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe("dates typed and shown in the app's format", () => {
  it("shows an instant as the app writes it everywhere (issue 13: not the browser's 11/24/2026, 03:11 PM)", () => {
    expect(formatDateTimeText(local(2026, 11, 24, 15, 11))).toBe("24 Nov 2026, 15:11");
    expect(formatDateTimeText(local(2026, 1, 3, 9, 5))).toBe("3 Jan 2026, 09:05");
    expect(formatDateText(local(2026, 11, 24))).toBe("24 Nov 2026");
  });

  it("reads back what it shows, and the other forms people type", () => {
    const at = local(2026, 11, 24, 15, 11);
    for (const text of [
      "24 Nov 2026, 15:11",
      "24 nov 2026 15:11",
      "24 November 2026 3:11 pm",
      "Tue, 24 Nov 2026, 15:11",
      "Nov 24, 2026 3:11pm",
      "2026-11-24 15:11",
      "2026-11-24T15:11",
      "24/11/2026 15:11",
      "11/24/2026 3:11 PM",
      "24.11.2026 15.11",
    ]) expect(parseDateTimeText(text), text).toBe(at);
    expect(parseDateTimeText(formatDateTimeText(at))).toBe(at);
    expect(parseDateTimeText("24 Nov 2026")).toBe(local(2026, 11, 24));
    expect(parseDateTimeText("24 Nov 2026 12 am")).toBe(local(2026, 11, 24, 0));
  });

  it("refuses what is not a date and time, rather than guessing", () => {
    for (const text of ["", "tomorrow", "31 Feb 2026 10:00", "24 Nov 2026 25:00", "24 Nov 2026 13 pm", "24 Smarch 2026", "2026-13-01", "24 Nov 26 10:00", "24 Nov 2026 10"]) {
      expect(parseDateTimeText(text), text).toBeNull();
    }
  });

  it("reads a date alone, and refuses one with a time", () => {
    expect(parseDateText("24 Nov 2026")).toBe(local(2026, 11, 24));
    expect(parseDateText("2026-11-24")).toBe(local(2026, 11, 24));
    expect(parseDateText("24 Nov 2026, 15:11")).toBeNull();
    expect(parseDateText("29 Feb 2027")).toBeNull();
  });
});
