import type pg from "pg";
import type { StoredEvent } from "../events/stored-event";
import { type LoopCommander, runLoopCommandAndProject } from "./loop-command";

/**
 * Undoes a dismiss, resolve or snooze of a loop of the caller's org (the UI's Undo), then projects
 * it. CONFLICT when there is nothing an undo may change: a loop closed by a business event, one
 * never closed nor snoozed, or one whose kind has a newer active loop on the same record.
 */
export function reopenLoopAndProject(
  deps: { db: pg.Pool; clock: () => Date },
  who: LoopCommander,
  cmd: { loopId: string; note?: string },
): Promise<{ event: StoredEvent }> {
  return runLoopCommandAndProject(deps, who, { loopId: cmd.loopId, kind: "reopen", fields: { note: cmd.note } });
}
