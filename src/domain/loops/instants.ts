// Instants travel as ISO strings in state and loops (JSON-safe); compare them as epoch ms,
// since payloads may carry offsets ("+02:00") that make string order meaningless.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const toMs = (iso: string): number => Date.parse(iso);

/** Normalizes any ISO instant to UTC "Z" form so equal instants compare equal as strings. */
export const normalizeIso = (iso: string): string => new Date(Date.parse(iso)).toISOString();

/** The last instant the catalog (years 1..9999) and Postgres both hold. */
export const MAX_INSTANT_MS = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * A derived instant (a default due date) is clamped to the catalog's last instant: an event that
 * occurred on 9999-12-31 is valid, and its "+24 h" must still be storable, or it would stop the projector.
 */
export const isoPlus = (iso: string, ms: number): string =>
  new Date(Math.min(Date.parse(iso) + ms, MAX_INSTANT_MS)).toISOString();
