import { randomUUID } from "node:crypto";
import type { LoggedEvent, SystemEventInput } from "~/domain/events";
import { LOOP_TYPES, loopId } from "~/domain/loops";
import type { Batch } from "~/domain/testing/arbitrary-log";

/**
 * A generated log (fixed ids) as append inputs with fresh event and entity ids, so that runs can
 * share one append-only database; loop commands are re-pointed at the renamed loops.
 */
export function freshInputs(batches: Batch[]): { inputs: SystemEventInput[]; recordedMs: number; tick: Batch["tick"] }[] {
  const ids = new Map<string, string>();
  const loops = new Map<string, string>();
  const rename = (id: string) => ids.get(id) ?? (ids.set(id, randomUUID()), ids.get(id)!);
  return batches.map((b) => ({
    tick: b.tick,
    recordedMs: Math.max(...b.events.map((e) => Date.parse(e.created_at))),
    inputs: b.events.map((e: LoggedEvent) => {
      const id = rename(e.id);
      for (const t of LOOP_TYPES) loops.set(loopId(e.id, t), loopId(id, t));
      const payload = { ...e.payload } as Record<string, unknown>;
      if (typeof payload.loop_id === "string") payload.loop_id = loops.get(payload.loop_id) ?? payload.loop_id;
      return {
        id,
        event_type: e.event_type,
        occurred_at: e.occurred_at,
        actor: e.actor,
        primary_entity: { type: e.primary_entity.type, id: rename(e.primary_entity.id) },
        payload,
      } as SystemEventInput;
    }),
  }));
}
