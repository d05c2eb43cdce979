import type { LoopChangeKind } from "~/domain/loops";
import type { TimeBasis } from "~/domain/time-travel";

/** A time basis as the scrubbers offer it: a short label and the sentence under it. */
export type BasisWords = { value: TimeBasis; label: string; hint: string };

const LABELS: Record<TimeBasis, string> = { occurred: "As it happened", recorded: "As the system saw it" };

/** An entity's timeline: its events, by either clock. */
export const ENTITY_BASES: readonly BasisWords[] = [
  { value: "occurred", label: LABELS.occurred, hint: "Events by when they happened, including those recorded later" },
  { value: "recorded", label: LABELS.recorded, hint: "Only what had been recorded by then, as the screen showed it" },
];

/** The dashboard's time machine: the whole org's loops, by either clock. */
export const DASHBOARD_BASES: readonly BasisWords[] = [
  { value: "occurred", label: LABELS.occurred, hint: "Loops by when things happened, including what was recorded later" },
  { value: "recorded", label: LABELS.recorded, hint: "Only what had been recorded by then, as the dashboard showed it" },
];

/** Inside a sentence: "as it happened", "as the system saw it". */
export const BASIS_PHRASE: Record<TimeBasis, string> = { occurred: "as it happened", recorded: "as the system saw it" };

/** What happened to a loop, as a group heading ("Opened") and counted in a sentence ("3 opened"). */
export const CHANGE_WORDS: Record<LoopChangeKind, { heading: string; counted: string }> = {
  opened: { heading: "Opened", counted: "opened" },
  reopened: { heading: "Reopened", counted: "reopened" },
  escalated: { heading: "Became urgent", counted: "became urgent" },
  woke: { heading: "Back from a snooze", counted: "back from a snooze" },
  snoozed: { heading: "Snoozed", counted: "snoozed" },
  closed: { heading: "Closed", counted: "closed" },
};

/** Why a change came about when no event caused it: time alone ("fell due", "its snooze ended"). */
export const TIME_CAUSE_WORDS: Record<LoopChangeKind, string> = {
  opened: "fell due",
  reopened: "time",
  escalated: "fell due",
  woke: "its snooze ended",
  snoozed: "time",
  closed: "time",
};
