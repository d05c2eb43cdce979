import type pg from "pg";
import type { Actor, EntityType } from "~/domain/events";
import { entityNames, refKey } from "../entities/entity-names";
import type { StoredEvent } from "../events/stored-event";
import { apiKeyNames, userNames } from "../orgs/people";
import { feedEvents } from "./feed-events";

/** One entry of the feed: the event with its entity and actor named (null: no name known). */
export type ActivityItem = Pick<StoredEvent, "id" | "event_type" | "occurred_at" | "created_at" | "payload"> & {
  entity: { type: EntityType; id: string; name: string | null };
  actor: Actor & { name: string | null };
};
export type ActivityPage = { items: ActivityItem[]; nextCursor: string | null };

/** One page of the org's events by when they happened, newest first (feed-events.ts), with the names the feed shows. */
export async function activityPage(db: pg.Pool, orgId: string, q: { cursor?: string | null; limit: number }): Promise<ActivityPage> {
  const page = await feedEvents(db, orgId, q);
  const events = page.items;
  const [entities, users, keys] = await Promise.all([
    entityNames(db, orgId, events.map((e) => e.primary_entity)),
    userNames(db, orgId, events.filter((e) => e.actor.type === "user").map((e) => e.actor.id)),
    // Commands sent with an API key carry the key's id as their system actor.
    apiKeyNames(db, orgId, events.filter((e) => e.actor.type === "system").map((e) => e.actor.id)),
  ]);
  // The read model may not have projected the newest entities yet: their own events name them meanwhile.
  const entityName = new Map<string, string>(events.flatMap((e) => {
    const name = nameIn(e);
    return name ? [[refKey(e.primary_entity), name] as const] : [];
  }));
  for (const [key, name] of entities) entityName.set(key, name);
  return {
    nextCursor: page.nextCursor,
    items: events.map((e) => ({
      id: e.id,
      event_type: e.event_type,
      occurred_at: e.occurred_at,
      created_at: e.created_at,
      payload: e.payload,
      entity: { ...e.primary_entity, name: entityName.get(refKey(e.primary_entity)) ?? null },
      actor: { ...e.actor, name: users.get(e.actor.id) ?? keys.get(e.actor.id) ?? null },
    })),
  };
}

/** The name an event gives its entity, if it carries one (a lead's or client's name, an invoice's number). */
function nameIn(e: StoredEvent): string | null {
  const v =
    e.event_type === "lead_created" || e.event_type === "client_created" || e.event_type === "client_updated" ? e.payload.name
    : e.event_type === "invoice_issued" ? e.payload.number
    : null;
  return typeof v === "string" && v.trim() ? v.trim() : null;
}
