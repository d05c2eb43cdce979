import { Cron } from "croner";
import { appendSignal } from "../events/append-signal";
import type { WorkerJob } from "./jobs";
import { type PassReport, runPass } from "./pass";

export type Scheduler = { stop: () => void; runNow: () => Promise<PassReport | null> };

/** A job reported events that a running transaction still hides (RunResult.behind). */
const isBehind = (report: PassReport) =>
  Object.values(report).some((r) => r.ok && (r.result as { behind?: unknown } | undefined)?.behind === true);

/** First retry while events are hidden; it doubles up to the interval while they stay hidden. */
const FIRST_RETRY_MS = 25;

/**
 * Runs worker passes every `intervalSeconds` (croner) and right after each append. Passes never
 * overlap inside one process (appends arriving during a pass coalesce into one follow-up pass);
 * across processes the subscribers' advisory locks keep runs apart. A pass that finds committed
 * events hidden behind a running transaction (the appended one's own pass, racing a concurrent
 * writer) is retried shortly instead of leaving them to the next tick.
 */
export function startScheduler(jobs: WorkerJob[], opts: { intervalSeconds: number; log?: (m: string) => void }): Scheduler {
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
        retryMs = isBehind(report) ? Math.min(Math.max(2 * retryMs, FIRST_RETRY_MS), opts.intervalSeconds * 1000) : 0;
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
  const off = appendSignal.on(() => void trigger());
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
