import type pg from "pg";
import { claimOne } from "./claim";
import { type DeliveryConfig, LEASE_MARGIN_MS } from "./delivery-config";
import { loadTarget, targetOf } from "./endpoint-target";
import { type AttemptOutcome, sendClaimed } from "./send-claimed";

/**
 * A first attempt right away, for a message made from Settings (a redelivery, a test), so the
 * page can show how the endpoint answered. Null when the message waits its turn behind an
 * earlier message of the same entity (the worker sends it after that one). Later retries, if
 * it fails, are the worker's, as for any message.
 */
export async function deliverNow(db: pg.Pool, deliveryId: string, cfg: DeliveryConfig, now: () => Date): Promise<AttemptOutcome | null> {
  const at = now();
  const claimed = await claimOne(db, deliveryId, at, new Date(at.getTime() + cfg.timeoutMs + LEASE_MARGIN_MS));
  if (!claimed) return null;
  const row = await loadTarget(db, claimed.endpoint_id);
  let target;
  try {
    target = row ? targetOf(row, at, cfg.secretKey) : new Error("the endpoint was deleted");
  } catch (e) {
    target = e as Error;
  }
  return sendClaimed(db, target, claimed, cfg, now);
}
