// Dates read the same everywhere on the page: "3 Nov 2026, 09:00" in the viewer's time zone.
const withYear = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
const dayOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const shortDay = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

export const formatInstant = (ms: number): string => withYear.format(ms);
export const formatDay = (ms: number): string => dayOnly.format(ms);
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

/** The value of an <input type="datetime-local"> for an instant, in the viewer's time zone. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An <input type="datetime-local"> value as epoch ms (local time); null when empty or invalid. */
export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}
