import type { Loop } from "../loops/types";

type LoopLinks = Pick<Loop, "opened_by_event_id" | "closed_by_event_id">;

/**
 * The events that opened or closed one of the loops, in the order given: why each loop is what it
 * is. Time travel's "provenance" answer and the entity page's loop captions both read these.
 */
export function provenanceEvents<E extends { id: string }>(events: readonly E[], loops: readonly LoopLinks[]): E[] {
  const named = new Set<string>();
  for (const l of loops) {
    named.add(l.opened_by_event_id);
    if (l.closed_by_event_id) named.add(l.closed_by_event_id);
  }
  return events.filter((e) => named.has(e.id));
}
