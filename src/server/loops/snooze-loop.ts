import type pg from "pg";
import { snoozeUntilProblem } from "~/domain/events";
import { AppError } from "../errors";
import type { StoredEvent } from "../events/stored-event";
import { type LoopCommander, runLoopCommandAndProject } from "./loop-command";

export type SnoozeCommand = { loopId: string; until: string; note?: string };

/**
 * Snoozes an active loop of the caller's org until `until` (after now, at most a year ahead:
 * BAD_REQUEST naming `until` otherwise), then projects it. CONFLICT when the loop is not active.
 */
export function snoozeLoopAndProject(deps: { db: pg.Pool; clock: () => Date }, who: LoopCommander, cmd: SnoozeCommand): Promise<{ event: StoredEvent }> {
  const now = deps.clock();
  const problem = snoozeUntilProblem(Date.parse(cmd.until), now.getTime());
  if (problem) return Promise.reject(new AppError("invalid_until", problem.replace("the moment of snoozing", "now"), ["until"]));
  const until = new Date(Date.parse(cmd.until)).toISOString();
  return runLoopCommandAndProject({ ...deps, clock: () => now }, who, { loopId: cmd.loopId, kind: "snooze", fields: { until, note: cmd.note } });
}
