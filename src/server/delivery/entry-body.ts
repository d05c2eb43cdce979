/**
 * The JSON object a webhook receives for one event entry: the stream's flat fields, with position
 * as a number and payload parsed back into an object, plus the entry's stream id. `replayed` is
 * true for entries re-published by `npm run relay:replay`. The operator firehose posts it as the
 * body; per-org webhooks send it as the `data` of a Standard Webhooks message.
 */
export function entryData(streamId: string, f: Record<string, string>): Record<string, unknown> {
  return {
    event_id: f.event_id,
    org_id: f.org_id,
    event_type: f.event_type,
    occurred_at: f.occurred_at,
    actor_id: f.actor_id,
    actor_type: f.actor_type,
    entity_type: f.entity_type,
    entity_id: f.entity_id,
    position: Number(f.position),
    payload: JSON.parse(f.payload ?? "null"),
    stream_id: streamId,
    replayed: f.replayed === "1",
  };
}

/** The firehose's body for one entry (entryData as JSON). */
export function entryBody(streamId: string, f: Record<string, string>): string {
  return JSON.stringify(entryData(streamId, f));
}
