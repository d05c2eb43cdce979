/**
 * Sign-in throttling by growing delays, never a lockout: the first `free` failures of a key cost
 * nothing; each one after must wait base, 2×base, 4×base … up to `capMs` after the previous one.
 * A key is forgotten `forgetMs` after its last failure. Keys are a client (IP) and an
 * (account, client) pair (src/server/auth/sign-in-throttle.ts).
 */
export type ThrottlePolicy = { free: number; baseMs: number; capMs: number; forgetMs: number };

const MINUTE = 60_000;

/**
 * Per (account, client): a guesser of one account from one place slows down after 5 tries. The
 * owner elsewhere is not touched, and on the same network waits at most 5 minutes.
 */
export const ACCOUNT_CLIENT_POLICY: ThrottlePolicy = { free: 5, baseMs: 1000, capMs: 5 * MINUTE, forgetMs: 60 * MINUTE };

/** Per client: spraying one password over many accounts slows down after 20 failures. */
export const CLIENT_POLICY: ThrottlePolicy = { free: 20, baseMs: 1000, capMs: 5 * MINUTE, forgetMs: 60 * MINUTE };

/** What the store holds for a key. */
export type ThrottleState = { failures: number; lastFailureAt: Date; notBefore: Date };

/** The wait after `failures` failures. */
export function delayAfter(failures: number, p: ThrottlePolicy): number {
  if (failures <= p.free) return 0;
  const doublings = Math.min(failures - p.free - 1, 30);
  return Math.min(p.baseMs * 2 ** doublings, p.capMs);
}

/** How long an attempt at `now` must still wait (0: it may be checked). */
export function waitBeforeAttempt(state: ThrottleState | undefined, now: Date): number {
  return state ? Math.max(0, state.notBefore.getTime() - now.getTime()) : 0;
}

/**
 * The state after one more failure at `now`. An attempt is counted as a failure before its
 * password is checked (and undone on success), so parallel guesses cannot slip past the wait.
 */
export function afterFailure(state: ThrottleState | undefined, now: Date, p: ThrottlePolicy): ThrottleState {
  const forgotten = !state || now.getTime() - state.lastFailureAt.getTime() >= p.forgetMs;
  const failures = forgotten ? 1 : state.failures + 1;
  return { failures, lastFailureAt: now, notBefore: new Date(now.getTime() + delayAfter(failures, p)) };
}

/**
 * The state once the attempt counted by afterFailure turned out right: that failure is taken back
 * and no wait is left on the key (the one before this attempt had passed, or it was not checked).
 */
export function afterSuccess(state: ThrottleState, now: Date): ThrottleState {
  return {
    failures: Math.max(0, state.failures - 1),
    lastFailureAt: state.lastFailureAt,
    notBefore: new Date(Math.min(state.notBefore.getTime(), now.getTime())),
  };
}
