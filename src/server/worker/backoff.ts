import type { WorkerJob } from "./job";

export type BackoffState = { failures: number; retryAt: number; lastError: string | null; lastOkAt: number | null };

export type BackoffJob = WorkerJob & { state: BackoffState };

/**
 * A worker job that backs off exponentially while it keeps failing (Redis down): the scheduler
 * keeps ticking and each pass still reports the failure, but the job does not touch Redis again
 * before its retry time. One success resets it.
 */
export function withBackoff(
  name: string,
  run: () => Promise<unknown>,
  opts: { baseMs?: number; maxMs?: number; now?: () => number } = {},
): BackoffJob {
  const baseMs = opts.baseMs ?? 1000;
  const maxMs = opts.maxMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const state: BackoffState = { failures: 0, retryAt: 0, lastError: null, lastOkAt: null };
  return {
    name,
    state,
    run: async () => {
      const t = now();
      if (t < state.retryAt) {
        const wait = Math.ceil((state.retryAt - t) / 1000);
        throw new Error(`backing off after ${state.failures} failed pass(es), next attempt in ${wait}s (last error: ${state.lastError})`);
      }
      try {
        const out = await run();
        Object.assign(state, { failures: 0, retryAt: 0, lastError: null, lastOkAt: now() });
        return out;
      } catch (e) {
        state.failures++;
        state.lastError = e instanceof Error ? e.message : String(e);
        state.retryAt = now() + Math.min(baseMs * 2 ** Math.min(state.failures - 1, 20), maxMs);
        throw e;
      }
    },
  };
}
