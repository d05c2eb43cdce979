import { invoiceOverdueChangeAt } from "../loops/invoice-overdue";
import { toMs } from "../loops/instants";
import type { EntityState } from "./state";

/**
 * The first instant strictly after `asOf` at which deriveLoops(state, ·) changes by time alone
 * (an active loop's due_at passes and it turns high; a snooze runs out; an invoice falls due), or null. Between
 * asOf and that instant the derived loops are constant, so the scheduled tick only needs to
 * re-derive entities whose stored next change is ≤ now.
 */
export function nextChangeAt(state: EntityState, asOf: Date): Date | null {
  const asOfMs = asOf.getTime();
  let next: number | null = null;
  switch (state.entity_type) {
    case "deal":
    case "followup":
      for (const r of state.loops) {
        if (r.status !== "active") continue;
        for (const at of [toMs(r.due_at), r.snoozed_until === null ? null : toMs(r.snoozed_until)]) {
          if (at !== null && at > asOfMs && (next === null || at < next)) next = at;
        }
      }
      break;
    case "invoice":
      next = invoiceOverdueChangeAt(state, asOfMs);
      break;
    case "client":
      break;
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
  return next === null ? null : new Date(next);
}
