import type pg from "pg";
import type { StoredEvent } from "../events/stored-event";
import { type LoopCommander, runLoopCommand, runLoopCommandAndProject } from "./loop-command";

export type { LoopCommander } from "./loop-command";
export type CloseLoopCommand = { loopId: string; kind: "dismiss" | "resolve"; text?: string };

const asCommand = (cmd: CloseLoopCommand) => ({
  loopId: cmd.loopId,
  kind: cmd.kind,
  fields: cmd.kind === "dismiss" ? { reason: cmd.text } : { note: cmd.text },
});

/** Appends loop_dismissed / loop_resolved for an active loop of the caller's org (loop-command.ts). */
export function closeLoop(db: pg.Pool, who: LoopCommander, cmd: CloseLoopCommand, now: Date): Promise<StoredEvent> {
  return runLoopCommand(db, who, asCommand(cmd), now);
}

/** The dismiss and resolve commands: close the loop, then project it so the caller's next read shows it. */
export function closeLoopAndProject(
  deps: { db: pg.Pool; clock: () => Date },
  who: LoopCommander,
  cmd: CloseLoopCommand,
): Promise<{ event: StoredEvent }> {
  return runLoopCommandAndProject(deps, who, asCommand(cmd));
}
