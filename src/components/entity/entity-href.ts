import { entityType, uuid } from "~/domain/events";

/**
 * The page of an entity named by event data, or null when the type is not an entity type or the
 * id is not a UUID. Payload fields are loose (any event may carry a `deal_id` or an `about`): a
 * link built from them unchecked could point anywhere on the site, e.g. `../../sign-in?…`.
 */
export function entityHref(type: unknown, id: unknown): string | null {
  const t = entityType.safeParse(type);
  const i = uuid.safeParse(id);
  return t.success && i.success ? `/entities/${t.data}/${i.data}` : null;
}
