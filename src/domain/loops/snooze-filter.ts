import { toMs } from "./instants";
import type { Loop } from "./types";

/** Which loops a list shows by their snooze: not snoozed (the default), all, or only snoozed ones. */
export const SNOOZED_MODES = ["exclude", "include", "only"] as const;
export type SnoozedMode = (typeof SNOOZED_MODES)[number];

/** A snooze ending at `until` (null: none) still runs at `atMs`. */
export const snoozeRunsAt = (until: string | null, atMs: number): boolean => until !== null && toMs(until) > atMs;

/**
 * Snoozed as judged at `nowMs`. A stored row may still carry a snooze whose end has passed when
 * the tick has not yet re-derived it: judging by the instant keeps the list right meanwhile.
 */
export const snoozedAt = (loop: Pick<Loop, "snoozed_until">, nowMs: number): boolean => snoozeRunsAt(loop.snoozed_until, nowMs);

export function matchesSnoozed(loop: Pick<Loop, "snoozed_until">, mode: SnoozedMode, nowMs: number): boolean {
  return mode === "include" || snoozedAt(loop, nowMs) === (mode === "only");
}
