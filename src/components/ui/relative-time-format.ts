const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "just now", "in 3 hours", "2 days ago", "tomorrow": the nearest whole unit, calm rather than precise. */
export function formatRelative(at: Date, now: Date): string {
  const diff = at.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < MINUTE) return "just now";
  const sign = Math.sign(diff);
  if (abs < HOUR) return relative.format(sign * Math.round(abs / MINUTE), "minute");
  if (abs < DAY) return relative.format(sign * Math.round(abs / HOUR), "hour");
  if (abs < 30 * DAY) return relative.format(sign * Math.round(abs / DAY), "day");
  if (abs < 365 * DAY) return relative.format(sign * Math.round(abs / (30 * DAY)), "month");
  return relative.format(sign * Math.round(abs / (365 * DAY)), "year");
}

/** The exact time in the reader's time zone, e.g. "Tue, 24 Nov 2026, 09:14". */
export function formatExact(at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone,
  }).format(at);
}

/** Whole days between two instants (floor), e.g. for "12 days overdue". */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY);
}
