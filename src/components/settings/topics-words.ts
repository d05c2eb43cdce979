import { EVENT_WORDS } from "~/components/words/events";
import type { EventType } from "~/domain/events";

/** "Every event", "New lead and Note added", "+ 2 loop notifications": what an endpoint receives. */
export function describeTopics(e: { event_types: string[] | null; loop_changes: string[] }): string {
  const events =
    e.event_types === null
      ? "Every event"
      : e.event_types.length === 0
        ? "No events"
        : e.event_types.length <= 3
          ? e.event_types.map((t) => EVENT_WORDS[t as EventType] ?? t).join(", ")
          : `${e.event_types.length} kinds of events`;
  const loops = e.loop_changes.length ? ` + ${e.loop_changes.length} loop notification${e.loop_changes.length === 1 ? "" : "s"}` : "";
  return events + loops;
}
