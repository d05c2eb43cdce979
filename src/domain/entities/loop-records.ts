import type { LoggedEvent, LoggedEventOf } from "../events";
import { loopId } from "../loops/ids";
import { normalizeIso } from "../loops/instants";
import { closes, opens } from "../loops/rules";
import type { LoopRecord } from "./state";

type LoopCommand = LoggedEventOf<"loop_dismissed"> | LoggedEventOf<"loop_resolved">;

type Closing = { status: "resolved" | "dismissed"; reason: string | null; note: string | null };

function close(r: LoopRecord, event: LoggedEvent, how: Closing): LoopRecord {
  return { ...r, ...how, closed_by_event_id: event.id, closed_at: normalizeIso(event.occurred_at) };
}

/** Applies the loop rules (loops/rules.ts) to event-opened loops: close first, then open, move or ignore. */
export function applyLoopRules(loops: LoopRecord[], event: LoggedEvent): LoopRecord[] {
  let next = loops;
  const closing = closes(event);
  if (closing) {
    const reason = event.event_type === "followup_dismissed" ? (event.payload.reason ?? null) : null;
    const how = { status: closing.status, reason, note: null };
    next = next.map((r) => (r.status === "active" && closing.types.includes(r.type) ? close(r, event, how) : r));
  }
  const opening = opens(event);
  if (!opening) return next;
  const active = next.find((r) => r.type === opening.type && r.status === "active");
  // No twin loops: a repeat either moves the active loop's due_at or changes nothing.
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
    reason: null,
    note: null,
  };
  return [...next, record];
}

/** loop_dismissed / loop_resolved: closes the named loop only if it is active now in the fold. */
export function applyLoopCommand(loops: LoopRecord[], event: LoopCommand): LoopRecord[] {
  const target = loops.find((r) => r.id === event.payload.loop_id && r.status === "active");
  if (!target) return loops;
  const closed =
    event.event_type === "loop_dismissed"
      ? close(target, event, { status: "dismissed", reason: event.payload.reason ?? null, note: null })
      : close(target, event, { status: "resolved", reason: null, note: event.payload.note ?? null });
  return loops.map((r) => (r === target ? closed : r));
}
