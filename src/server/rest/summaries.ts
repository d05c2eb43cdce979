/**
 * The reference's words for the procedures people call most. Optional: a procedure missing here
 * is still in the API and the document (generated from the router), with its name as summary.
 */
export const SUMMARIES: Readonly<Record<string, { summary: string; description?: string }>> = {
  "events.append": {
    summary: "Append one event",
    description:
      "Idempotent on `id`: the same id with the same content answers the stored event with `duplicate: true` and writes nothing; " +
      "the same id with other content is a 409. `expectedVersion` (optional) makes it a 409 unless the entity is at that version. " +
      "With an API key the body names the actor (`system` or `client`; `user` needs the `act_as_users` scope).",
  },
  "events.appendBatch": { summary: "Append up to 1,000 events atomically", description: "All land or none; each is idempotent on its id as with append." },
  "events.list": { summary: "The org's events, newest first", description: "Paged by position: pass the previous page's `nextCursor` as `cursor`." },
  "entities.timeline": { summary: "An entity's events, newest first", description: "Paged by entity_version (`nextCursor`). Another org's entity is a 404." },
  "entities.asOf": {
    summary: "An entity as it was at a moment",
    description:
      "`basis=occurred`: the events that had happened by `asOf` (business time); `basis=recorded`: those the system had recorded by then. " +
      "Answers `{ events, state, loops }`.",
  },
  "entities.followups": { summary: "The follow-ups about an entity" },
  "entities.displayName": { summary: "An entity's display name" },
  "loops.list": { summary: "Open loops, by due date", description: "Status `active` by default; filter by type and severity; paged by `nextCursor`. With `asOf` (a past moment) and `basis` (`occurred` by default, or `recorded`): the loops as they were then." },
  "loops.summary": { summary: "Active loops counted by type and severity", description: "With `asOf` (a past moment) and `basis`, the counts of that moment." },
  "loops.changes": {
    summary: "Loop changes between two moments",
    description: "Opened, reopened, snoozed, woke, escalated, closed in (`from`, `to`] on `basis`, each with its causing event (null: time alone); paged by `nextCursor`.",
  },
  "loops.dismiss": { summary: "Dismiss an active loop", description: "Appends loop_dismissed. A loop that is not active is a 409; another org's loop a 404." },
  "loops.resolve": { summary: "Resolve an active loop", description: "Appends loop_resolved. A loop that is not active is a 409; another org's loop a 404." },
  "loops.snooze": { summary: "Snooze an active loop until a moment", description: "Appends loop_snoozed. A loop that is not active is a 409." },
  "loops.reopen": { summary: "Reopen a dismissed or resolved loop, or end its snooze", description: "Appends loop_reopened; a 409 when it does not apply." },
  "entities.list": { summary: "The org's entities (the directory)" },
  "entities.search": { summary: "Entities whose name matches" },
  "activity.list": { summary: "The activity feed: events with their entity's and actor's names" },
  "org.identity": { summary: "The org's name and the caller's" },
  "org.people": { summary: "The org's users by id" },
  "system.health": { summary: "Health in words (public)", description: "up/down per part; no data of any org." },
};
