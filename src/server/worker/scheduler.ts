import { Cron } from "croner";
import { appendSignal } from "../events/append-signal";
import type { WorkerJob } from "./job";
import { type PassReport, runPass } from "./pass";

export type Scheduler = { stop: () => void; runNow: () => Promise<PassReport | null> };

type Progress = { behind?: unknown; caughtUp?: unknown; skipped?: unknown } | undefined;
const results = (report: PassReport) => Object.values(report).flatMap((r) => (r.ok ? [r.result as Progress] : []));
/** A job stopped at its per-pass bound with a backlog left. */
const hasBacklog = (report: PassReport) => results(report).some((r) => r?.caughtUp === false && r.skipped === false);
/** A job found committed events that a running transaction still hides (ProjectorPass.behind). */
const isBehind = (report: PassReport) => results(report).some((r) => r?.behind === true);

/** Delay before a follow-up pass; while events stay hidden it doubles up to the interval. */
const FOLLOW_UP_MS = 25;

/**
 * Runs worker passes every `intervalSeconds` (croner) and right after each append. Passes never
 * overlap inside one process (appends arriving during a pass coalesce into one follow-up pass);
 * across processes the subscribers' advisory locks keep runs apart. A pass that leaves a backlog
 * (its per-pass bound) is followed up at once, and one that finds committed events hidden behind
 * a running transaction (an append's own pass, racing a concurrent writer) is retried shortly,
 * backing off, instead of leaving them to the next tick.
 */
export function startScheduler(
  jobs: WorkerJob[],
  opts: {
    intervalSeconds: number;
    log?: (m: string) => void;
    /** What wakes a pass besides the interval; default this process's appends. Returns its unsubscribe. */
    wake?: (listener: () => void) => () => void;
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
        else retryMs = isBehind(report) ? Math.min(Math.max(2 * retryMs, FOLLOW_UP_MS), opts.intervalSeconds * 1000) : 0;
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

  const cron = new Cron(`*/${opts.intervalSeconds} * * * * *`, { protect: true }, () => void trigger());
  const off = (opts.wake ?? appendSignal.on)(() => void trigger());
  return {
    runNow: trigger,
    stop: () => {
      stopped = true;
      cron.stop();
      off();
      if (retry) clearTimeout(retry);
      retry = null;
    },
  };
}
