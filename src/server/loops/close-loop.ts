import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Actor, EntityType } from "~/domain/events";
import { foldEntity, initialEntityState } from "~/domain/entities";
import { isLoopActive } from "~/domain/loops";
import { type AppendInput, appendEvents } from "../events/append";
import { entityEvents } from "../events/read";
import type { StoredEvent } from "../events/stored-event";
import { AppError, isAppError } from "../errors";
import { getLoop } from "./list-loops";
import { projectNow } from "./project-now";

export type CloseLoopCommand = { loopId: string; kind: "dismiss" | "resolve"; text?: string };

/** Who runs a loop command: the org always, and the actor the event is recorded under. */
export type LoopCommander = { orgId: string; actor: Actor };

/** How often a command folds again after someone else changed the entity meanwhile. */
const VERSION_RETRIES = 3;

/**
 * Appends loop_dismissed / loop_resolved for an active loop of the caller's org. Whether the loop
 * is active is decided by folding the log itself (the projection may lag), with occurred_at = now,
 * so a refused command would also have been a no-op in the fold. Writes nothing when refused.
 */
export async function closeLoop(db: pg.Pool, who: LoopCommander, cmd: CloseLoopCommand, now: Date): Promise<StoredEvent> {
  const loop = await getLoop(db, who.orgId, cmd.loopId);
  if (!loop) throw new AppError("loop_not_found", `no loop ${cmd.loopId}`);
  const type = loop.entity_type as EntityType;
  for (let attempt = 0; ; attempt++) {
    const events = await entityEvents(db, who.orgId, type, loop.entity_id);
    const state = foldEntity(initialEntityState(type, loop.entity_id, who.orgId), events);
    if (!isLoopActive(state, cmd.loopId, now)) throw new AppError("loop_not_active", `loop ${cmd.loopId} is not active`, ["loopId"]);
    const payload =
      cmd.kind === "dismiss"
        ? { loop_id: cmd.loopId, ...(cmd.text ? { reason: cmd.text } : {}) }
        : { loop_id: cmd.loopId, ...(cmd.text ? { note: cmd.text } : {}) };
    try {
      const [r] = await appendEvents(db, { orgId: who.orgId, sessionActor: who.actor }, [
        {
          id: randomUUID(),
          event_type: cmd.kind === "dismiss" ? "loop_dismissed" : "loop_resolved",
          occurred_at: now.toISOString(),
          primary_entity: { id: loop.entity_id, type },
          payload,
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

/** The dismiss and resolve commands: close the loop, then project it so the caller's next read shows it. */
export async function closeLoopAndProject(
  deps: { db: pg.Pool; clock: () => Date },
  who: LoopCommander,
  cmd: CloseLoopCommand,
): Promise<{ event: StoredEvent }> {
  const event = await closeLoop(deps.db, who, cmd, deps.clock());
  await projectNow(deps);
  return { event };
}
