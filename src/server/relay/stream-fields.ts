import type { StoredEvent } from "../events/stored-event";

/** The flat string fields of one stream entry, in this order (README, "Automations: Redis Streams and n8n"). */
export const STREAM_FIELDS = [
  "event_id",
  "org_id",
  "event_type",
  "occurred_at",
  "actor_id",
  "actor_type",
  "entity_type",
  "entity_id",
  "position",
  "payload",
] as const;

/** The values of STREAM_FIELDS for one event; the payload travels as a JSON string. */
export function streamValues(e: StoredEvent): string[] {
  return [
    e.id,
    e.org_id,
    e.event_type,
    e.occurred_at,
    e.actor.id,
    e.actor.type,
    e.primary_entity.type,
    e.primary_entity.id,
    String(e.position),
    JSON.stringify(e.payload),
  ];
}

/** name, value, name, value… as XADD takes them. */
export function streamFieldPairs(e: StoredEvent): string[] {
  const values = streamValues(e);
  return STREAM_FIELDS.flatMap((name, i) => [name, values[i]!]);
}

/** A flat [name, value, …] reply from XRANGE/XREADGROUP as a record. */
export function fieldsToRecord(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}
