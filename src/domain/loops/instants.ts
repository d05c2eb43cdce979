// Instants travel as ISO strings in state and loops (JSON-safe); compare them as epoch ms,
// since payloads may carry offsets ("+02:00") that make string order meaningless.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const digits = (s: string, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
};

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (y: number, mo: number): number =>
  mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : MONTH_DAYS[mo - 1]!;

/**
 * The instant of "YYYY-MM-DDTHH:MM:SS.mmmZ" (the spelling toISOString writes, which nearly every
 * instant here has) as epoch ms, or null for any other spelling or an invalid date (a day the
 * month lacks, hour 24): those are left to Date.parse.
 */
function canonicalMs(iso: string): number | null {
  if (
    iso.length !== 24 ||
    iso.charCodeAt(23) !== 90 /* Z */ ||
    iso.charCodeAt(10) !== 84 /* T */ ||
    iso.charCodeAt(4) !== 45 ||
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(13) !== 58 ||
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(19) !== 46
  ) {
    return null;
  }
  const y = digits(iso, 0, 4);
  const mo = digits(iso, 5, 2);
  const d = digits(iso, 8, 2);
  const h = digits(iso, 11, 2);
  const mi = digits(iso, 14, 2);
  const s = digits(iso, 17, 2);
  const ms = digits(iso, 20, 3);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0) return null;
  // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) * DAY_MS + h * HOUR_MS + mi * 60_000 + s * 1000 + ms;
}

/**
 * Date.parse, without its general parser for the canonical spelling: the projector parses
 * instants tens of times per event, and Date.parse was ~5% of its catch-up CPU.
 */
export const toMs = (iso: string): number => canonicalMs(iso) ?? Date.parse(iso);

/** Normalizes any ISO instant to UTC "Z" form so equal instants compare equal as strings. */
export const normalizeIso = (iso: string): string => (canonicalMs(iso) !== null ? iso : new Date(Date.parse(iso)).toISOString());

/** The last instant the catalog (years 1..9999) and Postgres both hold. */
export const MAX_INSTANT_MS = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * A derived instant (a default due date) is clamped to the catalog's last instant: an event that
 * occurred on 9999-12-31 is valid, and its "+24 h" must still be storable, or it would stop the projector.
 */
export const isoPlus = (iso: string, ms: number): string =>
  new Date(Math.min(toMs(iso) + ms, MAX_INSTANT_MS)).toISOString();
