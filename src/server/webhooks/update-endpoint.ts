import type pg from "pg";
import type { WebhookEndpointItem } from "./endpoint-item";
import { acceptedUrl, type EndpointFields, type UrlCheck } from "./endpoint-input";
import { getEndpoint, notFound } from "./list-endpoints";

/**
 * Changes the fields given. A new URL is checked like a new endpoint's. Disabling an endpoint
 * stops new entries for it and pauses its pending messages until it is enabled again.
 */
export async function updateEndpoint(db: pg.Pool, orgId: string, id: string, change: Partial<EndpointFields>, now: Date, check?: UrlCheck): Promise<WebhookEndpointItem> {
  const url = change.url === undefined ? null : await acceptedUrl(change.url, check);
  const res = await db.query(
    `UPDATE webhook_endpoints SET
       url = COALESCE($3, url),
       description = COALESCE($4, description),
       event_types = CASE WHEN $5 THEN $6::text[] ELSE event_types END,
       loop_changes = COALESCE($7, loop_changes),
       enabled = COALESCE($8, enabled),
       updated_at = $9
     WHERE org_id = $1 AND id = $2`,
    [orgId, id, url, change.description ?? null, change.event_types !== undefined, change.event_types ?? null, change.loop_changes ?? null, change.enabled ?? null, now],
  );
  if (!res.rowCount) throw notFound();
  return getEndpoint(db, orgId, id, now);
}
