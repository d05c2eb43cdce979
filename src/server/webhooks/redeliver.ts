import type pg from "pg";
import { AppError } from "../errors";
import type { DeliveryConfig } from "./delivery-config";
import { deliverNow } from "./deliver-now";
import type { AttemptOutcome } from "./send-claimed";

export type Resent = { delivery_id: string; attempt: AttemptOutcome | null };

/**
 * Sends a message of the endpoint's log again and tries it at once (deliver-now.ts). A finished
 * one (typically given up on, once the receiver is fixed) is sent as a new message with the same
 * webhook-id (the receiver may dedupe on it) and content; one still being retried is retried now
 * instead of waiting for its next attempt. Another org's endpoint or message is NOT_FOUND.
 */
export async function redeliver(db: pg.Pool, orgId: string, endpointId: string, deliveryId: string, cfg: DeliveryConfig, now: () => Date): Promise<Resent> {
  const found = await db.query<{ status: string }>(
    `SELECT d.status FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.org_id = d.org_id
      WHERE d.org_id = $1 AND d.endpoint_id = $2 AND d.id = $3`,
    [orgId, endpointId, deliveryId],
  );
  const status = found.rows[0]?.status;
  if (!status) throw new AppError("delivery_not_found", "no message with this id in this endpoint's log", ["deliveryId"]);
  if (status === "pending") {
    await db.query("UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1 AND status = 'pending'", [deliveryId, now()]);
    return { delivery_id: deliveryId, attempt: await deliverNow(db, deliveryId, cfg, now) };
  }
  const res = await db.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (endpoint_id, org_id, message_id, type, order_key, occurred_at, data, source_id, next_attempt_at)
     SELECT endpoint_id, org_id, message_id, type, order_key, occurred_at, data, source_id, $2 FROM webhook_deliveries WHERE id = $1
     RETURNING id::text`,
    [deliveryId, now()],
  );
  const id = res.rows[0]?.id;
  if (!id) throw new AppError("delivery_not_found", "no message with this id in this endpoint's log", ["deliveryId"]);
  return { delivery_id: id, attempt: await deliverNow(db, id, cfg, now) };
}
