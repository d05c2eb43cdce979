import type pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { type CommandRefusal, type LoopCommandKind, commandRefusal, foldEntity, initialEntityState } from "~/domain/entities";
import type { Actor, EntityType, EventType } from "~/domain/events";
import { type AppendInput, appendEvents } from "../events/append";
import { entityEvents } from "../events/read";
import type { StoredEvent } from "../events/stored-event";
import { AppError, isAppError } from "../errors";
import { getLoop } from "./list-loops";
import { projectNow } from "./project-now";

/** Who runs a loop command: the org always, and the actor the event is recorded under. */
export type LoopCommander = { orgId: string; actor: Actor };

/** A loop command and the payload fields it records besides loop_id. */
export type LoopCommand = { loopId: string; kind: LoopCommandKind; fields: Record<string, string | undefined> };

const EVENT_OF = {
  dismiss: "loop_dismissed",
  resolve: "loop_resolved",
  snooze: "loop_snoozed",
  reopen: "loop_reopened",
} as const satisfies Record<LoopCommandKind, EventType>;

/** How often a command folds again after someone else changed the entity meanwhile. */
const VERSION_RETRIES = 3;

/**
 * Appends the command's event for a loop of the caller's org. Whether it applies is decided by
 * folding the log itself (the projection may lag), with occurred_at = now and the fold's own rule
 * (commandRefusal), so a refused command would also have been a no-op in the log. Writes nothing
 * when refused: NOT_FOUND outside the org, CONFLICT when the command does not apply.
 */
export async function runLoopCommand(db: pg.Pool, who: LoopCommander, cmd: LoopCommand, now: Date): Promise<StoredEvent> {
  const loop = await getLoop(db, who.orgId, cmd.loopId);
  if (!loop) throw new AppError("loop_not_found", `no loop ${cmd.loopId}`);
  const type = loop.entity_type as EntityType;
  for (let attempt = 0; ; attempt++) {
    const events = await entityEvents(db, who.orgId, type, loop.entity_id);
    const state = foldEntity(initialEntityState(type, loop.entity_id, who.orgId), events);
    const refusal = commandRefusal(state, cmd.loopId, cmd.kind, now.getTime());
    if (refusal) throw refused(cmd, refusal);
    const given = Object.fromEntries(Object.entries(cmd.fields).filter(([, v]) => v !== undefined && v !== ""));
    try {
      const [r] = await appendEvents(db, { orgId: who.orgId, sessionActor: who.actor }, [
        {
          id: uuidv7(),
          event_type: EVENT_OF[cmd.kind],
          occurred_at: now.toISOString(),
          primary_entity: { id: loop.entity_id, type },
          payload: { loop_id: cmd.loopId, ...given },
          // Someone else changed the entity since we folded it: fold again and re-check.
          expectedVersion: state.version,
        } as AppendInput,
      ]);
      return r!.event;
    } catch (e) {
      if (attempt < VERSION_RETRIES && isAppError(e, "version_mismatch")) continue;
      throw e;
    }
  }
}

const REOPEN_REFUSALS: Record<Exclude<CommandRefusal, "not_active">, string> = {
  no_such_loop: "is not one this entity has",
  closed_by_event: "was closed by what happened (a quote, a follow-up, a payment), which an undo does not reverse",
  nothing_to_undo: "is neither dismissed, resolved nor snoozed: there is nothing to undo",
  twin: "has a newer active loop of its kind on the same record: undo would make two",
};

function refused(cmd: LoopCommand, refusal: CommandRefusal): AppError {
  if (cmd.kind !== "reopen") return new AppError("loop_not_active", `loop ${cmd.loopId} is not active`, ["loopId"]);
  const why = refusal === "not_active" ? REOPEN_REFUSALS.nothing_to_undo : REOPEN_REFUSALS[refusal];
  return new AppError("loop_not_reopenable", `loop ${cmd.loopId} ${why}`, ["loopId"]);
}

/** Runs the command, then projects it so that the caller's next read shows it (read-your-writes). */
export async function runLoopCommandAndProject(
  deps: { db: pg.Pool; clock: () => Date },
  who: LoopCommander,
  cmd: LoopCommand,
): Promise<{ event: StoredEvent }> {
  const event = await runLoopCommand(deps.db, who, cmd, deps.clock());
  await projectNow(deps);
  return { event };
}
