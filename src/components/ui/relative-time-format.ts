const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/**
 * "just now", "in 3 hours", "2 days ago", "tomorrow": the nearest whole unit, calm rather than precise.
 * Each unit is rounded before the next is chosen, so 23 h 50 min and 24 h 10 min both read
 * "tomorrow" (not "in 24 hours" beside "tomorrow"), and 59.6 minutes reads "in 1 hour".
 */
export function formatRelative(at: Date, now: Date): string {
  const diff = at.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < MINUTE) return "just now";
  const sign = Math.sign(diff);
  const minutes = Math.round(abs / MINUTE);
  if (minutes < 60) return relative.format(sign * minutes, "minute");
  const hours = Math.round(abs / HOUR);
  if (hours < 24) return relative.format(sign * Math.max(1, hours), "hour");
  const days = Math.max(1, Math.round(abs / DAY));
  if (days < 30) return relative.format(sign * days, "day");
  const months = Math.max(1, Math.round(abs / (30 * DAY)));
  if (months < 12) return relative.format(sign * months, "month");
  return relative.format(sign * Math.max(1, Math.round(abs / (365 * DAY))), "year");
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
