import pg from "pg";
import { describe, expect, it } from "vitest";
import { isoOfTimestamptz } from "./iso-timestamps";

/** pg's own path: the text parsed into a Date, printed as ISO. */
const viaDate = (text: string) => (pg.types.getTypeParser(1184, "text") as (t: string) => Date)(text).toISOString();

describe("timestamptz text as an event's ISO instant", () => {
  it.each([
    "2026-10-14 00:52:59+00",
    "2026-10-14 00:52:59.5+00",
    "2026-10-14 00:52:59.123+00",
    "2026-10-14 00:52:59.123999+00",
    "0999-01-02 03:04:05.000001+00",
    "9999-12-31 23:59:59.999999+00",
  ])("cuts %s as the Date path prints it", (text) => {
    expect(isoOfTimestamptz(text)).toBe(viaDate(text));
  });

  it.each(["2026-10-14 02:52:59.25+02", "2026-10-14 00:52:59-05:30", "0044-03-15 12:00:00+00 BC"])(
    "takes the Date path for any other form (%s)",
    (text) => {
      expect(isoOfTimestamptz(text)).toBe(viaDate(text));
    },
  );
});
