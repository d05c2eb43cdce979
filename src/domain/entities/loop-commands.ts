import type { LoggedEventOf } from "../events";
import { loopId } from "../loops/ids";
import { isOverdueOpenAt, paidCents } from "../loops/invoice-overdue";
import { normalizeIso, toMs } from "../loops/instants";
import { snoozeRunsAt } from "../loops/snooze-filter";
import { close } from "./loop-records";
import type { EntityState, InvoiceState, LoopRecord } from "./state";

// The four loop commands (docs/architecture.md, "Open loops"). Whether one applies is decided at
// its occurred_at, by the same function for the fold and for the API's up-front check: the API
// appends with occurred_at = now, so what it refuses would have been a no-op in the log.

export type LoopCommandEvent = LoggedEventOf<"loop_dismissed" | "loop_resolved" | "loop_snoozed" | "loop_reopened">;
export type LoopCommandKind = "dismiss" | "resolve" | "snooze" | "reopen";

export const COMMAND_KIND = {
  loop_dismissed: "dismiss",
  loop_resolved: "resolve",
  loop_snoozed: "snooze",
  loop_reopened: "reopen",
} as const satisfies Record<LoopCommandEvent["event_type"], LoopCommandKind>;

/**
 * Why a command does not apply: the loop is not the entity's (`no_such_loop`); not active
 * (dismiss, resolve, snooze); closed by a business event, which stands (`closed_by_event`);
 * active and not snoozed (`nothing_to_undo`); or another active loop of its type meanwhile (`twin`).
 */
export type CommandRefusal = "no_such_loop" | "not_active" | "closed_by_event" | "nothing_to_undo" | "twin";

/** Null when `kind` applies to loop `id` of this state at `atMs`, else why not. */
export function commandRefusal(state: EntityState, id: string, kind: LoopCommandKind, atMs: number): CommandRefusal | null {
  switch (state.entity_type) {
    case "deal":
    case "followup":
      return recordRefusal(state.loops, id, kind, atMs);
    case "invoice":
      return overdueRefusal(state, id, kind, atMs);
    case "client":
      return "no_such_loop";
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

function recordRefusal(loops: LoopRecord[], id: string, kind: LoopCommandKind, atMs: number): CommandRefusal | null {
  const r = loops.find((l) => l.id === id);
  if (!r) return "no_such_loop";
  if (kind !== "reopen") return r.status === "active" ? null : "not_active";
  if (r.status === "active") return snoozeRunsAt(r.snoozed_until, atMs) ? null : "nothing_to_undo";
  if (!r.closed_by_command) return "closed_by_event";
  return loops.some((l) => l.type === r.type && l.status === "active") ? "twin" : null;
}

function overdueRefusal(inv: InvoiceState, id: string, kind: LoopCommandKind, atMs: number): CommandRefusal | null {
  if (inv.issued_event_id === null || id !== loopId(inv.issued_event_id, "invoice_overdue")) return "no_such_loop";
  const open = isOverdueOpenAt(inv, atMs);
  if (kind !== "reopen") return open ? null : "not_active";
  if (inv.overdue_closure !== null) return null;
  if (open) return snoozeRunsAt(inv.overdue_snoozed_until, atMs) ? null : "nothing_to_undo";
  // Paid in full: the payment's fact stands. Otherwise not yet due: nothing to undo.
  return inv.amount_cents !== null && paidCents(inv) >= inv.amount_cents ? "closed_by_event" : "nothing_to_undo";
}

/** A command on event-opened loops (deal, follow-up), applied only where commandRefusal allows it. */
export function applyRecordCommand(loops: LoopRecord[], event: LoopCommandEvent): LoopRecord[] {
  const kind = COMMAND_KIND[event.event_type];
  if (recordRefusal(loops, event.payload.loop_id, kind, toMs(event.occurred_at)) !== null) return loops;
  return loops.map((r) => (r.id === event.payload.loop_id ? recordAfter(r, event) : r));
}

function recordAfter(r: LoopRecord, event: LoopCommandEvent): LoopRecord {
  switch (event.event_type) {
    case "loop_dismissed":
      return close(r, event, { status: "dismissed", reason: event.payload.reason ?? null, note: null }, true);
    case "loop_resolved":
      return close(r, event, { status: "resolved", reason: null, note: event.payload.note ?? null }, true);
    case "loop_snoozed":
      // A later snooze replaces the earlier one.
      return { ...r, snoozed_until: normalizeIso(event.payload.until) };
    case "loop_reopened":
      // Back to active, same id: the closure (and its reason or note) is undone; or the snooze ends.
      return {
        ...r,
        status: "active",
        closed_by_event_id: null,
        closed_at: null,
        closed_by_command: false,
        reason: null,
        note: null,
        snoozed_until: null,
        reopened_by_event_id: event.id,
      };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** A command on the invoice's overdue loop, read off the invoice (invoice-overdue.ts), where allowed. */
export function applyOverdueCommand(inv: InvoiceState, event: LoopCommandEvent): InvoiceState {
  const kind = COMMAND_KIND[event.event_type];
  if (overdueRefusal(inv, event.payload.loop_id, kind, toMs(event.occurred_at)) !== null) return inv;
  const closure = { event_id: event.id, occurred_at: normalizeIso(event.occurred_at), reason: null, note: null };
  switch (event.event_type) {
    case "loop_dismissed":
      return { ...inv, overdue_snoozed_until: null, overdue_closure: { ...closure, status: "dismissed", reason: event.payload.reason ?? null } };
    case "loop_resolved":
      return { ...inv, overdue_snoozed_until: null, overdue_closure: { ...closure, status: "resolved", note: event.payload.note ?? null } };
    case "loop_snoozed":
      return { ...inv, overdue_snoozed_until: normalizeIso(event.payload.until) };
    case "loop_reopened":
      return { ...inv, overdue_closure: null, overdue_snoozed_until: null, overdue_reopened_by: event.id };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
