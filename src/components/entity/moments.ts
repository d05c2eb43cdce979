import type { TimeBasis } from "~/domain/time-travel";

/** One stop of the scrubber: an instant at which one or more events happened (or were recorded). */
export type Stop = { at: number; count: number; firstIndex: number };

/** The distinct instants of the events on `basis`, ascending; firstIndex points into the log-order arrays. */
export function stopsOf(instants: readonly number[]): Stop[] {
  const order = instants.map((_, i) => i).sort((a, b) => instants[a]! - instants[b]! || a - b);
  const stops: Stop[] = [];
  for (const i of order) {
    const at = instants[i]!;
    const last = stops.at(-1);
    if (last && last.at === at) last.count += 1;
    else stops.push({ at, count: 1, firstIndex: i });
  }
  return stops;
}

/** Index of the last stop at or before `ms` (-1 when `ms` is before every stop). */
export function stopIndexAt(stops: readonly Stop[], ms: number): number {
  let lo = 0;
  let hi = stops.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (stops[mid]!.at <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The instant of the stop before `ms`, or null when there is none. */
export function previousStop(stops: readonly Stop[], ms: number): number | null {
  const i = stopIndexAt(stops, ms - 1);
  return i >= 0 ? stops[i]!.at : null;
}

/** The instant of the stop after `ms`, or null (meaning: now) when there is none. */
export function nextStop(stops: readonly Stop[], ms: number): number | null {
  return stops[stopIndexAt(stops, ms) + 1]?.at ?? null;
}

/** How many events are visible at `ms` on a basis: those at or before it. */
export function countAt(stops: readonly Stop[], ms: number): number {
  const i = stopIndexAt(stops, ms);
  let n = 0;
  for (let k = 0; k <= i; k++) n += stops[k]!.count;
  return n;
}

/**
 * The slider over the stops, with "now" as its last position. A moment before every stop gets a
 * position of its own at the start: "as the system saw it" can show a moment before anything was
 * recorded (an event that happened earlier, recorded later), and the slider's start then reads
 * that moment, not the later first stop (issue 13).
 */
export type SliderModel = { index: number; max: number; startAt: number | null; before: boolean };

export function sliderModel(stops: readonly Stop[], at: number | null): SliderModel {
  const before = at !== null && (stops.length === 0 || at < stops[0]!.at);
  const offset = before ? 1 : 0;
  const max = stops.length + offset;
  const index = at === null ? max : before ? 0 : stopIndexAt(stops, at) + offset;
  return { index, max, before, startAt: before ? at : (stops[0]?.at ?? null) };
}

/** The moment at a slider position: null for the last one (now). */
export function momentAtIndex(stops: readonly Stop[], model: SliderModel, i: number, at: number | null): number | null {
  if (i >= model.max) return null;
  if (model.before) return i === 0 ? at : stops[i - 1]!.at;
  return stops[i]!.at;
}

/** The moment a page shows: a past instant, or null for "now". */
export type Moment = { at: number | null; basis: TimeBasis };

export function parseMoment(params: { asOf?: string | null; basis?: string | null }): Moment {
  const basis: TimeBasis = params.basis === "recorded" ? "recorded" : "occurred";
  const ms = params.asOf ? Date.parse(params.asOf) : Number.NaN;
  return { at: Number.isNaN(ms) ? null : ms, basis };
}

/** The query string that reloads to `moment` ("" for now, as it happened). */
export function momentSearch({ at, basis }: Moment): string {
  const q = new URLSearchParams();
  if (at !== null) q.set("asOf", new Date(at).toISOString());
  if (at !== null || basis !== "occurred") q.set("basis", basis);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** A query string with the moment's asOf and basis in place of its own; the page's other parameters (?show=…) kept. */
export function withMoment(search: string, moment: Moment): string {
  const q = new URLSearchParams(search);
  q.delete("asOf");
  q.delete("basis");
  for (const [k, v] of new URLSearchParams(momentSearch(moment))) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const sameMoment = (a: Moment, b: Moment): boolean => a.at === b.at && a.basis === b.basis;
