/**
 * A small brake on password guessing: after MAX_FAILURES failed sign-ins for one email within
 * WINDOW_MS, further attempts are refused until the window passes. In memory, per server process.
 */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;
const MAX_TRACKED = 10_000;

const failures = new Map<string, { count: number; since: number }>();

export function isBlocked(email: string, now = Date.now()): boolean {
  const f = failures.get(email);
  if (!f) return false;
  if (now - f.since > WINDOW_MS) {
    failures.delete(email);
    return false;
  }
  return f.count >= MAX_FAILURES;
}

export function recordFailure(email: string, now = Date.now()): void {
  if (failures.size >= MAX_TRACKED) failures.clear(); // bounded memory beats perfect bookkeeping
  const f = failures.get(email);
  if (!f || now - f.since > WINDOW_MS) failures.set(email, { count: 1, since: now });
  else f.count++;
}

export function clearFailures(email: string): void {
  failures.delete(email);
}
