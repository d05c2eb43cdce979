import { foldAll } from "../entities/fold";
import type { LoggedEvent } from "../events";
import { deriveLoops } from "./derive";
import type { Loop } from "./types";

/** Ordered by due_at then id, as loops.list shows them. */
export const byDueAt = (a: Loop, b: Loop): number =>
  a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The full replay: every loop of every entity in `events`, at `asOf`. */
export function loopsOf(events: readonly LoggedEvent[], asOf: Date): Loop[] {
  return [...foldAll(events).values()].flatMap((s) => deriveLoops(s, asOf)).sort(byDueAt);
}
