import { randomUUID } from "node:crypto";
import type pg from "pg";
import { withTransaction } from "../db/transaction";
import { AppError } from "../errors";
import type { WebhookEndpointItem } from "./endpoint-item";
import { acceptedUrl, type EndpointFields, type UrlCheck } from "./endpoint-input";
import { getEndpoint, MAX_ENDPOINTS_PER_ORG } from "./list-endpoints";
import { sealSecret } from "./secret-box";
import { newSigningSecret } from "./signing-secret";

/**
 * A new endpoint for the caller's org, with a new signing secret returned once (stored encrypted:
 * secret-box.ts). It receives the entries relayed from now on that it subscribes to.
 */
export async function createEndpoint(
  db: pg.Pool,
  who: { orgId: string; userId: string },
  fields: EndpointFields,
  now: Date,
  check?: UrlCheck,
): Promise<{ endpoint: WebhookEndpointItem; secret: string }> {
  const url = await acceptedUrl(fields.url, check);
  const secret = newSigningSecret();
  const sealed = sealSecret(secret);
  const id = randomUUID();
  const endpoint = await withTransaction(db, async (c) => {
    // One writer per org at a time, so the count below holds.
    await c.query("SELECT pg_advisory_xact_lock(hashtextextended('webhooks:' || $1, 0))", [who.orgId]);
    const n = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_endpoints WHERE org_id = $1", [who.orgId]);
    if (n.rows[0]!.n >= MAX_ENDPOINTS_PER_ORG) throw new AppError("webhook_limit_reached", `an organisation has at most ${MAX_ENDPOINTS_PER_ORG} webhook endpoints`);
    await c.query(
      `INSERT INTO webhook_endpoints (id, org_id, url, description, event_types, loop_changes, enabled, secret_enc, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [id, who.orgId, url, fields.description, fields.event_types, fields.loop_changes, fields.enabled, sealed, who.userId, now],
    );
    return getEndpoint(c, who.orgId, id, now);
  });
  return { endpoint, secret };
}
