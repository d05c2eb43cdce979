import type { StoredEvent } from "../events/stored-event";

/**
 * The flat string fields of one event entry, in this order (docs/automations.md, "Stream
 * entries"). `kind` tells event entries from loop notifications (LOOP_STREAM_FIELDS); entries
 * written before kinds existed carry none and are events.
 */
export const STREAM_FIELDS = [
  "kind",
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

/** The values of STREAM_FIELDS for one event: those of its relay row (eventEntryValues), one order for both. */
export function streamValues(e: StoredEvent): string[] {
  return eventEntryValues({
    id: e.id,
    org_id: e.org_id,
    event_type: e.event_type,
    occurred_at: e.occurred_at,
    actor_id: e.actor.id,
    actor_type: e.actor.type,
    primary_entity_type: e.primary_entity.type,
    primary_entity_id: e.primary_entity.id,
    position: e.position,
    payload: e.payload,
  });
}

/**
 * Only the system_events columns an event entry needs, as the relay reads them (EVENT_ENTRY_COLUMNS):
 * not the full event (EVENT_COLUMNS, rowToEvent), whose created_at, entity_version and nested
 * actor/primary_entity objects the relay would build for nothing, a million times in a catch-up.
 * Timestamps as ISO text (the subscriptions read them so), positions as numbers.
 */
export type EventEntryRow = {
  id: string;
  org_id: string;
  event_type: string;
  occurred_at: string;
  actor_id: string;
  actor_type: string;
  primary_entity_type: string;
  primary_entity_id: string;
  position: number;
  payload: unknown;
};

export const EVENT_ENTRY_COLUMNS = "id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_type, primary_entity_id, position, payload";

/** The values of STREAM_FIELDS for an event read as EVENT_ENTRY_COLUMNS; the payload travels as a JSON string. */
export function eventEntryValues(r: EventEntryRow): string[] {
  return [
    "event",
    r.id,
    r.org_id,
    r.event_type,
    r.occurred_at,
    r.actor_id,
    r.actor_type,
    r.primary_entity_type,
    r.primary_entity_id,
    String(r.position),
    JSON.stringify(r.payload),
  ];
}

/** name, value, name, value… as XADD takes them. */
export function streamFieldPairs(e: StoredEvent): string[] {
  const values = streamValues(e);
  return STREAM_FIELDS.flatMap((name, i) => [name, values[i]!]);
}

/**
 * The flat string fields of a loop notification entry (SPEC "Loop notifications"), in this
 * order. caused_by_event_id is "" when time alone caused the change.
 */
export const LOOP_STREAM_FIELDS = [
  "kind",
  "notification_id",
  "loop_id",
  "org_id",
  "loop_type",
  "change",
  "status",
  "severity",
  "due_at",
  "entity_type",
  "entity_id",
  "suggested_action",
  "caused_by_event_id",
  "changed_at",
] as const;

/** A loop_changes row as the loop relay reads it (timestamps as ISO text). */
export type LoopChangeRow = {
  id: string;
  loop_id: string;
  org_id: string;
  loop_type: string;
  change: string;
  status: string;
  severity: string;
  due_at: string;
  entity_type: string;
  entity_id: string;
  suggested_action: string;
  caused_by_event_id: string | null;
  changed_at: string;
  position: number;
};

export function loopStreamValues(r: LoopChangeRow): string[] {
  return [
    "loop",
    r.id,
    r.loop_id,
    r.org_id,
    r.loop_type,
    r.change,
    r.status,
    r.severity,
    r.due_at,
    r.entity_type,
    r.entity_id,
    r.suggested_action,
    r.caused_by_event_id ?? "",
    r.changed_at,
  ];
}

/** How a relay turns its rows into entries: the field names and each row's values, in that order. */
export type EntryFormat<R> = { fields: readonly string[]; values: (row: R) => string[] };

export const EVENT_ENTRIES: EntryFormat<StoredEvent> = { fields: STREAM_FIELDS, values: streamValues };
/** The event relay's format: event entries straight from EVENT_ENTRY_COLUMNS rows. */
export const EVENT_ROW_ENTRIES: EntryFormat<EventEntryRow> = { fields: STREAM_FIELDS, values: eventEntryValues };
export const LOOP_ENTRIES: EntryFormat<LoopChangeRow> = { fields: LOOP_STREAM_FIELDS, values: loopStreamValues };

/** A flat [name, value, …] reply from XRANGE/XREADGROUP as a record. */
export function fieldsToRecord(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}
