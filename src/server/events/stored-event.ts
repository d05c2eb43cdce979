import type { LoggedEvent } from "~/domain/events";

/** An event as it leaves the API: the seed's SystemEvent shape plus position and entity_version. */
export type StoredEvent = LoggedEvent;

export type EventRow = {
  id: string;
  org_id: string;
  event_type: string;
  /** A Date as pg parses timestamptz, or already ISO text where the query formats it. */
  occurred_at: Date | string;
  actor_id: string;
  actor_type: string;
  primary_entity_id: string;
  primary_entity_type: string;
  payload: unknown;
  created_at: Date | string;
  position: number;
  entity_version: number;
};

export const EVENT_COLUMNS =
  "id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, created_at, position, entity_version";

export function rowToEvent(r: EventRow): StoredEvent {
  return {
    id: r.id,
    org_id: r.org_id,
    event_type: r.event_type,
    occurred_at: typeof r.occurred_at === "string" ? r.occurred_at : r.occurred_at.toISOString(),
    actor: { id: r.actor_id, type: r.actor_type },
    primary_entity: { id: r.primary_entity_id, type: r.primary_entity_type },
    payload: r.payload,
    created_at: typeof r.created_at === "string" ? r.created_at : r.created_at.toISOString(),
    position: r.position,
    entity_version: r.entity_version,
  } as StoredEvent;
}
