import type { LoggedEvent } from "../events";
import { loopId } from "../loops/ids";
import { normalizeIso } from "../loops/instants";
import { closes, opens } from "../loops/rules";
import type { LoopRecord } from "./state";

type Closing = { status: "resolved" | "dismissed"; reason: string | null; note: string | null };

/** Closes a record, whatever its snooze (the snooze ends with it). */
export function close(r: LoopRecord, event: LoggedEvent, how: Closing, byCommand: boolean): LoopRecord {
  return {
    ...r,
    ...how,
    closed_by_event_id: event.id,
    closed_at: normalizeIso(event.occurred_at),
    closed_by_command: byCommand,
    snoozed_until: null,
  };
}

/** Applies the loop rules (loops/rules.ts) to event-opened loops: close first, then open, move or ignore. */
export function applyLoopRules(loops: LoopRecord[], event: LoggedEvent): LoopRecord[] {
  let next = loops;
  const closing = closes(event);
  if (closing) {
    const reason = event.event_type === "followup_dismissed" ? (event.payload.reason ?? null) : null;
    const how = { status: closing.status, reason, note: null };
    // Copied only when one closes; the others keep their objects (deriveLoops reuses their loops).
    let copy: LoopRecord[] | null = null;
    for (let i = 0; i < next.length; i++) {
      const r = next[i]!;
      if (r.status === "active" && closing.types.includes(r.type)) (copy ??= next.slice())[i] = close(r, event, how, false);
    }
    if (copy) next = copy;
  }
  const opening = opens(event);
  if (!opening) return next;
  const active = next.find((r) => r.type === opening.type && r.status === "active");
  // No twin loops: a repeat either moves the active loop's due_at (keeping its snooze) or changes nothing.
  if (active) return opening.moves ? next.map((r) => (r === active ? { ...r, due_at: opening.due_at } : r)) : next;
  const record: LoopRecord = {
    id: loopId(event.id, opening.type),
    type: opening.type,
    opened_by_event_id: event.id,
    opened_at: normalizeIso(event.occurred_at),
    due_at: opening.due_at,
    status: "active",
    closed_by_event_id: null,
    closed_at: null,
    closed_by_command: false,
    reason: null,
    note: null,
    snoozed_until: null,
    reopened_by_event_id: null,
  };
  return [...next, record];
}
