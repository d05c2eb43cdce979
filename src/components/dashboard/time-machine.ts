import { type Moment, type Stop, parseMoment } from "~/components/entity/moments";

/** The dashboard's scrubber steps a day at a time, this far back (the date field reaches any moment). */
export const DAY_MS = 86_400_000;
export const DAYS_BACK = 60;

/**
 * The dashboard's stops: this time of day, 1 to `days` days ago (oldest first); now is the
 * slider's last position. The org's history has far too many events to stop at each, as an
 * entity's timeline does; a day is the step people ask about ("what was open on Monday?").
 */
export function dayStops(nowMs: number, days = DAYS_BACK): Stop[] {
  const stops: Stop[] = [];
  for (let k = days; k >= 1; k--) stops.push({ at: nowMs - k * DAY_MS, count: 1, firstIndex: 0 });
  return stops;
}

/** "3 days ago", "1 day ago", "5 hours ago": how far back a dashboard moment is, for the slider's words. */
export function agoWords(at: number, nowMs: number): string {
  const ms = Math.max(0, nowMs - at);
  const [n, unit] = ms >= DAY_MS ? [Math.round(ms / DAY_MS), "day"] : ms >= 3_600_000 ? [Math.round(ms / 3_600_000), "hour"] : [Math.max(1, Math.round(ms / 60_000)), "minute"];
  return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
}

/**
 * The dashboard's moment from its URL (?asOf=…&basis=…). A moment not in the past is now: the
 * dashboard's present is its live view, and the API answers only what has happened.
 */
export function parseDashboardMoment(params: { asOf?: string | null; basis?: string | null }, nowMs: number): Moment {
  const m = parseMoment(params);
  return m.at !== null && m.at >= nowMs ? { ...m, at: null } : m;
}

/** The query string with the view (?show=…) set or cleared, the moment's parameters kept. */
export function withShow(search: string, show: string | null): string {
  const q = new URLSearchParams(search);
  if (show) q.set("show", show);
  else q.delete("show");
  const s = q.toString();
  return s ? `?${s}` : "";
}

export type AsOfInput = { asOf: string; basis: Moment["basis"] } | Record<string, never>;

/** The moment as the API takes it: no asOf at all for now (the live read model). */
export function asOfInput(m: Moment): AsOfInput {
  return m.at === null ? {} : { asOf: new Date(m.at).toISOString(), basis: m.basis };
}
