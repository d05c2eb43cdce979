/**
 * What a webhook endpoint can subscribe to, and which stream entries it therefore receives. The
 * stream holds entries of a `kind`: `event` (one per event of the log; entries written before
 * kinds existed carry no kind and are events) and `loop` (a loop's change: SPEC "Loop
 * notifications"). Pure: the dispatcher (src/server/webhooks/dispatch.ts) asks `wants` per entry.
 */

/** The loop changes an endpoint can ask for (SPEC "Loop notifications"). */
export const LOOP_CHANGES = ["opened", "escalated", "snoozed", "woke", "closed", "reopened"] as const;
export type LoopChange = (typeof LOOP_CHANGES)[number];

/** What an endpoint wants. eventTypes null: every event type, also ones added later. */
export type EndpointTopics = { eventTypes: readonly string[] | null; loopChanges: readonly string[] };

/** What an entry is about, read off its stream fields. */
export type EntryTopic = { kind: "event"; eventType: string } | { kind: "loop"; change: string } | { kind: "other"; name: string };

/** The topic of a stream entry from its flat fields; `kind` absent means an event. */
export function topicOf(fields: Readonly<Record<string, string | undefined>>): EntryTopic {
  const kind = fields.kind ?? "event";
  if (kind === "event") return { kind: "event", eventType: fields.event_type ?? "" };
  if (kind === "loop") return { kind: "loop", change: fields.change ?? "" };
  return { kind: "other", name: kind };
}

/** True when an endpoint subscribed to `topics` receives an entry about `topic`. Unknown kinds: nobody. */
export function wants(topics: EndpointTopics, topic: EntryTopic): boolean {
  switch (topic.kind) {
    case "event":
      return topics.eventTypes === null || topics.eventTypes.includes(topic.eventType);
    case "loop":
      return topics.loopChanges.includes(topic.change);
    case "other":
      return false;
  }
}

/** The Standard Webhooks `type` of a message: `event.lead_created`, `loop.opened`. */
export function messageType(topic: EntryTopic): string {
  switch (topic.kind) {
    case "event":
      return `event.${topic.eventType}`;
    case "loop":
      return `loop.${topic.change}`;
    case "other":
      return topic.name;
  }
}

/** The type of the message "send a test event" sends. */
export const TEST_MESSAGE_TYPE = "webhook.test";
