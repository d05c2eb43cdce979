/**
 * "Since your last visit": the end of the previous visit, so what changed since you last looked.
 * A visit is a run of dashboard views without a gap of VISIT_GAP_MS; a reload or a return from an
 * entity page within it is the same visit, and does not move "last visit" to a minute ago.
 * Kept per user in the browser's localStorage (key `calm:visits:<user id>`): it is about this
 * person on this device, nothing the server needs, and no cookie travels with every request.
 */
export type Visits = { visitStart: number; lastSeen: number; previousSeen: number | null };

export const VISIT_GAP_MS = 30 * 60_000;
/** Without a previous visit, "since" starts a day back. */
export const FIRST_VISIT_LOOKBACK_MS = 86_400_000;

export const visitsKey = (userId: string) => `calm:visits:${userId}`;

/** The visits after a dashboard view at `now`. */
export function recordVisit(prev: Visits | null, now: number): Visits {
  if (!prev) return { visitStart: now, lastSeen: now, previousSeen: null };
  if (now - prev.lastSeen > VISIT_GAP_MS) return { visitStart: now, lastSeen: now, previousSeen: prev.lastSeen };
  return { ...prev, lastSeen: Math.max(prev.lastSeen, now) };
}

/** Where "since your last visit" starts: the end of the previous visit, else a day back. */
export function sinceDefault(visits: Visits | null, now: number): { from: number; lastVisit: boolean } {
  const seen = visits?.previousSeen ?? null;
  return seen !== null && seen < now ? { from: seen, lastVisit: true } : { from: now - FIRST_VISIT_LOOKBACK_MS, lastVisit: false };
}

/** What localStorage held, if it is visits at all (another version, another app, a hand edit: nothing). */
export function parseVisits(raw: string | null): Visits | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<Visits>;
    const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
    if (!num(v.visitStart) || !num(v.lastSeen) || !(v.previousSeen === null || num(v.previousSeen))) return null;
    return { visitStart: v.visitStart, lastSeen: v.lastSeen, previousSeen: v.previousSeen };
  } catch {
    return null;
  }
}
