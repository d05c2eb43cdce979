import type { LoopView } from "./types";

const DAY = 86_400_000;

/** How many loops the first screen puts first: about what a person can hold in mind (issue 13). */
export const FIRST_THINGS = 7;

/** The one line that says how the first screen chose and ordered them. */
export const ORDER_EXPLAINED = "Ordered by how long each is overdue, weighted by the money at stake.";

/**
 * The money a loop is about, in major units of its currency, when its entity's name says it: an
 * invoice's display name is "INV-2026-0042 · €1,200.00" (entityDisplayName). Null otherwise.
 * Currencies are not converted: a rough weight, not a sum.
 */
export function moneyAtStake(loop: Pick<LoopView, "type" | "entity_name">): number | null {
  if (loop.type !== "invoice_overdue" || !loop.entity_name) return null;
  const amount = loop.entity_name.split(" · ")[1];
  if (!amount) return null;
  const digits = amount.replace(/[^\d.]/g, "");
  const n = Number(digits);
  return digits && Number.isFinite(n) ? n : null;
}

/**
 * A loop's place in "do this first": the days it is overdue (a loop due now counts one), times
 * 1 + log10(1 + money at stake), so €1,000 weighs four times nothing and €10,000 five times.
 */
export function priorityOf(loop: Pick<LoopView, "type" | "entity_name" | "due_at">, now: Date): number {
  const overdueDays = Math.max(0, (now.getTime() - Date.parse(loop.due_at)) / DAY);
  const money = moneyAtStake(loop) ?? 0;
  return (1 + overdueDays) * (1 + Math.log10(1 + money));
}

/** The loops to do first, highest priority first; ties go to the one due earlier, then by id (stable). */
export function firstThings<L extends Pick<LoopView, "id" | "type" | "entity_name" | "due_at">>(loops: readonly L[], now: Date, n = FIRST_THINGS): L[] {
  return loops
    .map((l) => ({ l, p: priorityOf(l, now) }))
    .sort((a, b) => b.p - a.p || a.l.due_at.localeCompare(b.l.due_at) || a.l.id.localeCompare(b.l.id))
    .slice(0, n)
    .map((x) => x.l);
}
