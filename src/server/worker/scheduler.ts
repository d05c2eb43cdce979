import { Cron } from "croner";
import type { WorkerJob } from "./job";
import { type PassReport, runPass } from "./pass";

export type Scheduler = { stop: () => void; runNow: () => Promise<PassReport | null> };

type Progress = { behind?: unknown; caughtUp?: unknown; skipped?: unknown } | undefined;
const results = (report: PassReport) => Object.values(report).flatMap((r) => (r.ok ? [r.result as Progress] : []));
/** A job stopped at its per-pass bound with a backlog left. */
const hasBacklog = (report: PassReport) => results(report).some((r) => r?.caughtUp === false && r.skipped === false);
/** A job found committed events that a running transaction still hides (ProjectorPass.behind). */
const isBehind = (report: PassReport) => results(report).some((r) => r?.behind === true);
/**
 * A job found its subscriber's lock held by another run (another instance's, the tick route's, a
 * loop command's): that run may have read the log before the events that woke us committed.
 */
const isSkipped = (report: PassReport) => results(report).some((r) => r?.skipped === true);

/** Delay before a follow-up pass; while events stay hidden it doubles up to the interval. */
const FOLLOW_UP_MS = 25;

/**
 * Runs worker passes every `intervalSeconds` (croner) and whenever `wake` says (appends anywhere:
 * worker/wake.ts). Passes never overlap inside one process (wake-ups arriving during a pass
 * coalesce into one follow-up pass); across processes the subscribers' advisory locks keep runs
 * apart. A pass that leaves a backlog (its per-pass bound) is followed up at once; one that finds
 * committed events hidden behind a running transaction (an append's own pass, racing a concurrent
 * writer), or a subscriber's lock held by another run, is retried shortly, backing off up to the
 * interval, instead of leaving the events to the next tick.
 */
export function startScheduler(
  jobs: WorkerJob[],
  opts: {
    intervalSeconds: number;
    log?: (m: string) => void;
    /** What wakes a pass besides the interval (worker/wake.ts); returns its unsubscribe. */
    wake?: (listener: () => void) => () => void;
    /** false: no passes on the interval (tests that must see what else triggers one). */
    periodic?: boolean;
  },
): Scheduler {
  let running: Promise<PassReport> | null = null;
  let again = false;
  let retryMs = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const log = opts.log ?? (() => undefined);

  const trigger = (): Promise<PassReport | null> => {
    if (running) {
      again = true;
      return running;
    }
    running = runPass(jobs)
      .then((report) => {
        for (const [name, r] of Object.entries(report)) if (!r.ok) log(`[worker] ${name} failed: ${r.error}`);
        if (hasBacklog(report)) retryMs = FOLLOW_UP_MS;
        else retryMs = isBehind(report) || isSkipped(report) ? Math.min(Math.max(2 * retryMs, FOLLOW_UP_MS), opts.intervalSeconds * 1000) : 0;
        if (retryMs > 0 && !retry && !stopped) {
          retry = setTimeout(() => {
            retry = null;
            void trigger();
          }, retryMs);
        }
        return report;
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void trigger();
        }
      });
    return running;
  };

  const cron = opts.periodic === false ? null : new Cron(`*/${opts.intervalSeconds} * * * * *`, { protect: true }, () => void trigger());
  const off = opts.wake?.(() => void trigger()) ?? (() => undefined);
  return {
    runNow: trigger,
    stop: () => {
      stopped = true;
      cron?.stop();
      off();
      if (retry) clearTimeout(retry);
      retry = null;
    },
  };
}
