import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Actor, EntityType } from "~/domain/events";
import { foldEntity, initialEntityState } from "~/domain/entities";
import { isLoopActive } from "~/domain/loops";
import { appendEvents } from "../events/append";
import { entityEvents } from "../events/read";
import { conflict, notFound } from "../errors";
import { getLoop } from "./list-loops";

export type CloseLoopCommand = { loopId: string; kind: "dismiss" | "resolve"; text?: string };

/**
 * Appends loop_dismissed / loop_resolved for an active loop of the caller's org. Whether the loop
 * is active is decided by folding the log itself (the projection may lag), with occurred_at = now,
 * so a refused command would also have been a no-op in the fold. Writes nothing when refused.
 */
export async function closeLoop(
  db: pg.Pool,
  who: { orgId: string; actor: Actor },
  cmd: CloseLoopCommand,
  now: Date,
) {
  const loop = await getLoop(db, who.orgId, cmd.loopId);
  if (!loop) throw notFound(`no loop ${cmd.loopId}`);
  const type = loop.entity_type as EntityType;
  for (let attempt = 0; ; attempt++) {
    const events = await entityEvents(db, who.orgId, type, loop.entity_id);
    const state = foldEntity(initialEntityState(type, loop.entity_id, who.orgId), events);
    if (!isLoopActive(state, cmd.loopId, now)) throw conflict(`loop ${cmd.loopId} is not active`, ["loopId"]);
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
        } as Parameters<typeof appendEvents>[2][number],
      ]);
      return r!.event;
    } catch (e) {
      if (attempt < 3 && e instanceof Error && "code" in e && e.code === "CONFLICT" && /expectedVersion/.test(e.message)) continue;
      throw e;
    }
  }
}
