// Instants travel as ISO strings in state and loops (JSON-safe); compare them as epoch ms,
// since payloads may carry offsets ("+02:00") that make string order meaningless.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const toMs = (iso: string): number => Date.parse(iso);

/** Normalizes any ISO instant to UTC "Z" form so equal instants compare equal as strings. */
export const normalizeIso = (iso: string): string => new Date(Date.parse(iso)).toISOString();

export const isoPlus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
