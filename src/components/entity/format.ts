import { formatDateText, formatDateTimeText } from "~/components/ui/date-time-text";

// Dates read the same everywhere on the page, fields included: "3 Nov 2026, 09:00" in the viewer's time zone.
const shortDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

export const formatInstant = formatDateTimeText;
export const formatDay = formatDateText;
/** "3 Nov": for provenance sentences, where the year is rarely in doubt. */
export const formatShortDay = (ms: number): string => shortDay.format(ms);

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** An event recorded more than an hour after it happened is a late arrival. */
export const LATE_AFTER_MS = HOUR_MS;

/** "6 days", "3 hours", "1 minute": a rounded-down span for sentences like "recorded 6 days later". */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  const [n, unit] =
    abs >= 60 * DAY_MS ? [Math.floor(abs / (30 * DAY_MS)), "month"]
    : abs >= 14 * DAY_MS ? [Math.floor(abs / (7 * DAY_MS)), "week"]
    : abs >= DAY_MS ? [Math.floor(abs / DAY_MS), "day"]
    : abs >= HOUR_MS ? [Math.floor(abs / HOUR_MS), "hour"]
    : [Math.max(1, Math.floor(abs / 60_000)), "minute"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
