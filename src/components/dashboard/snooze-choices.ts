// The Snooze menu's quick choices, computed in the browser's time zone (its clock and calendar),
// shown in the app's own format ("Wed 25 Nov, 09:00").

export type SnoozeChoice = { key: "later" | "tomorrow" | "monday"; label: string; until: Date };

const MORNING = 9;
/** "Later today" is offered until it would fall past this hour. */
const LAST_LATER_HOUR = 21;

const at = (base: Date, days: number, hour: number) => new Date(base.getFullYear(), base.getMonth(), base.getDate() + days, hour, 0, 0, 0);

/**
 * Later today (three hours on, on the hour, while that is still this evening), tomorrow morning
 * (09:00), next Monday (09:00; a week on when today is Monday). A choice that lands on another
 * choice's moment is left out.
 */
export function snoozeChoices(now: Date): SnoozeChoice[] {
  const choices: SnoozeChoice[] = [];
  const later = new Date(now.getTime() + 3 * 3_600_000);
  later.setMinutes(0, 0, 0);
  if (later.getTime() <= now.getTime() + 2 * 3_600_000) later.setHours(later.getHours() + 1);
  if (later.getDate() === now.getDate() && later.getHours() <= LAST_LATER_HOUR) choices.push({ key: "later", label: "Later today", until: later });
  const tomorrow = at(now, 1, MORNING);
  choices.push({ key: "tomorrow", label: "Tomorrow morning", until: tomorrow });
  const toMonday = ((8 - now.getDay()) % 7) || 7; // Sunday → 1, Monday → 7
  const monday = at(now, toMonday, MORNING);
  if (monday.getTime() !== tomorrow.getTime()) choices.push({ key: "monday", label: "Next Monday", until: monday });
  return choices;
}

const sameDayTime = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const otherDay = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "18:00" today, "Wed 25 Nov, 09:00" on another day. */
export function snoozeWhenWords(until: Date, now: Date): string {
  const today = until.toDateString() === now.toDateString();
  return today ? sameDayTime.format(until) : otherDay.format(until).replace(/^(\w+),? /, "$1 ");
}
