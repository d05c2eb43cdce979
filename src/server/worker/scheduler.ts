import { Cron } from "croner";
import { appendSignal } from "../events/append-signal";
import type { WorkerJob } from "./jobs";
import { type PassReport, runPass } from "./pass";

export type Scheduler = { stop: () => void; runNow: () => Promise<PassReport | null> };

/**
 * Runs worker passes every `intervalSeconds` (croner) and right after each append. Passes never
 * overlap inside one process (appends arriving during a pass coalesce into one follow-up pass);
 * across processes the subscribers' advisory locks keep runs apart.
 */
export function startScheduler(jobs: WorkerJob[], opts: { intervalSeconds: number; log?: (m: string) => void }): Scheduler {
  let running: Promise<PassReport> | null = null;
  let again = false;
  const log = opts.log ?? (() => undefined);

  const trigger = (): Promise<PassReport | null> => {
    if (running) {
      again = true;
      return running;
    }
    running = runPass(jobs)
      .then((report) => {
        for (const [name, r] of Object.entries(report)) if (!r.ok) log(`[worker] ${name} failed: ${r.error}`);
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
      cron.stop();
      off();
    },
  };
}
