import { EVENT_TYPES } from "~/domain/events";

// The scrubber needs every event's instants and type; for thousands of events they travel in the
// page compactly: instants as differences from the previous one (log order keeps most small),
// types as their index in the catalog.

export const packInstants = (ms: readonly number[]): number[] => ms.map((t, i) => (i === 0 ? t : t - ms[i - 1]!));

export function unpackInstants(deltas: readonly number[]): number[] {
  const out = new Array<number>(deltas.length);
  let t = 0;
  for (let i = 0; i < deltas.length; i++) out[i] = t = i === 0 ? deltas[0]! : t + deltas[i]!;
  return out;
}

export const packTypes = (types: readonly string[]): number[] => types.map((t) => EVENT_TYPES.indexOf(t as never));
export const unpackTypes = (codes: readonly number[]): string[] => codes.map((c) => EVENT_TYPES[c] ?? "event");
