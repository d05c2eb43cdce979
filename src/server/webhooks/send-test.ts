import { randomUUID } from "node:crypto";
import type pg from "pg";
import { TEST_MESSAGE_TYPE } from "~/domain/webhooks/topics";
import type { DeliveryConfig } from "./delivery-config";
import { deliverNow } from "./deliver-now";
import { notFound } from "./list-endpoints";
import type { Resent } from "./redeliver";

/**
 * Sends the endpoint a `webhook.test` message (signed like any other, with a fresh id), tried at
 * once; retried by the worker like any message if it fails. Works on a disabled endpoint too: the
 * test is asked for.
 */
export async function sendTest(db: pg.Pool, orgId: string, endpointId: string, cfg: DeliveryConfig, now: () => Date): Promise<Resent & { message_id: string }> {
  const messageId = randomUUID();
  const at = now();
  const data = { endpoint_id: endpointId, org_id: orgId, message: "A test message from Calm: your endpoint received and verified it." };
  const res = await db.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (endpoint_id, org_id, message_id, type, order_key, occurred_at, data, next_attempt_at)
     SELECT e.id, e.org_id, $3, $4, $5, $6, $7, $6 FROM webhook_endpoints e WHERE e.org_id = $1 AND e.id = $2
     RETURNING id::text`,
    [orgId, endpointId, messageId, TEST_MESSAGE_TYPE, `test:${messageId}`, at, JSON.stringify(data)],
  );
  const id = res.rows[0]?.id;
  if (!id) throw notFound();
  return { delivery_id: id, message_id: messageId, attempt: await deliverNow(db, id, cfg, now) };
}
