import type pg from "pg";
import { AppError } from "../errors";
import { CREATOR_JOIN, type EndpointRow, endpointColumns, toEndpointItem, type WebhookEndpointItem } from "./endpoint-item";

/** Endpoints per org: a bound on the list and on the fan-out of one event. */
export const MAX_ENDPOINTS_PER_ORG = 50;

/** The org's webhook endpoints, oldest first. */
export async function listEndpoints(db: pg.Pool, orgId: string, now: Date): Promise<WebhookEndpointItem[]> {
  const res = await db.query<EndpointRow>(
    `SELECT ${endpointColumns("$2")} FROM webhook_endpoints e ${CREATOR_JOIN} WHERE e.org_id = $1 ORDER BY e.created_at, e.id LIMIT ${MAX_ENDPOINTS_PER_ORG}`,
    [orgId, now],
  );
  return res.rows.map(toEndpointItem);
}

/** One of the org's endpoints; another org's id is NOT_FOUND, as if it did not exist. */
export async function getEndpoint(db: pg.Pool | pg.PoolClient, orgId: string, id: string, now: Date): Promise<WebhookEndpointItem> {
  const res = await db.query<EndpointRow>(`SELECT ${endpointColumns("$3")} FROM webhook_endpoints e ${CREATOR_JOIN} WHERE e.org_id = $1 AND e.id = $2`, [orgId, id, now]);
  const row = res.rows[0];
  if (!row) throw notFound();
  return toEndpointItem(row);
}

export const notFound = () => new AppError("webhook_not_found", "no webhook endpoint with this id in your organisation", ["id"]);
