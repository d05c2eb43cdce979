// How far a loop may be snoozed: after the moment of snoozing, and at most a calendar year later
// (UTC). One rule for the catalog (until against the event's occurred_at) and the API (against now).

/** The last instant a snooze made at `fromMs` may run to: the same moment a year later (29 Feb → 1 Mar). */
export function latestSnoozeUntil(fromMs: number): number {
  const d = new Date(fromMs);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
}

/** Why `untilMs` is no snooze end for a snooze made at `fromMs`, or null when it is one. */
export function snoozeUntilProblem(untilMs: number, fromMs: number): string | null {
  if (!(untilMs > fromMs)) return "must be later than the moment of snoozing";
  if (untilMs > latestSnoozeUntil(fromMs)) return "must be at most a year after the moment of snoozing";
  return null;
}
