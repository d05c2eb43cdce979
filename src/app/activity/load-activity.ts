import type pg from "pg";
import { orgActivity } from "~/server/events/read";
import { eventDetail } from "./event-detail";

export type ActivityItem = {
  id: string;
  event_type: string;
  occurred_at: string;
  created_at: string;
  entity: { type: string; id: string; name: string | null };
  actor: { type: string; id: string; name: string | null };
  detail: string | null;
};
export type ActivityPage = { items: ActivityItem[]; nextCursor: number | null };

export const ACTIVITY_PAGE_SIZE = 30;

/** One page of the org's events, newest first, with the entity and actor names the feed shows. */
export async function loadActivity(db: pg.Pool, orgId: string, cursor: number | null): Promise<ActivityPage> {
  const page = await orgActivity(db, orgId, { cursor, limit: ACTIVITY_PAGE_SIZE });
  const events = page.items;
  const [entities, users, keys] = await Promise.all([
    db.query<{ type: string; id: string; display_name: string }>(
      `SELECT e.type, e.id, e.display_name FROM entities e
         JOIN unnest($2::text[], $3::uuid[]) AS k(type, id) ON e.type = k.type AND e.id = k.id
        WHERE e.org_id = $1`,
      [orgId, events.map((e) => e.primary_entity.type), events.map((e) => e.primary_entity.id)],
    ),
    db.query<{ id: string; name: string }>("SELECT id, name FROM users WHERE org_id = $1 AND id = ANY($2::uuid[])", [
      orgId,
      events.filter((e) => e.actor.type === "user").map((e) => e.actor.id),
    ]),
    // Commands sent with an API key carry the key's id as their system actor.
    db.query<{ id: string; name: string }>("SELECT id, name FROM api_keys WHERE org_id = $1 AND id = ANY($2::uuid[])", [
      orgId,
      events.filter((e) => e.actor.type === "system").map((e) => e.actor.id),
    ]),
  ]);
  // The read model may not have projected the newest entities yet: their own events name them meanwhile.
  const entityName = new Map<string, string>(events.flatMap((e) => {
    const name = nameIn(e.event_type, e.payload);
    return name ? [[`${e.primary_entity.type}:${e.primary_entity.id}`, name] as const] : [];
  }));
  for (const r of entities.rows) entityName.set(`${r.type}:${r.id}`, r.display_name);
  const actorName = new Map([...users.rows, ...keys.rows.map((k) => ({ id: k.id, name: `API key “${k.name}”` }))].map((r) => [r.id, r.name]));
  return {
    nextCursor: page.nextCursor,
    items: events.map((e) => ({
      id: e.id,
      event_type: e.event_type,
      occurred_at: e.occurred_at,
      created_at: e.created_at,
      entity: { ...e.primary_entity, name: entityName.get(`${e.primary_entity.type}:${e.primary_entity.id}`) ?? null },
      actor: { ...e.actor, name: actorName.get(e.actor.id) ?? null },
      detail: eventDetail(e.event_type, e.payload),
    })),
  };
}

/** The name an event gives its entity, if it carries one (a lead's name, an invoice's number). */
function nameIn(eventType: string, payload: unknown): string | null {
  const p = (payload ?? {}) as Record<string, unknown>;
  const v = eventType === "lead_created" ? p.name : eventType === "invoice_issued" ? p.number : null;
  return typeof v === "string" && v.trim() ? v.trim() : null;
}
