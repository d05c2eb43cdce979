import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Calm-Signature";
export const TIMESTAMP_HEADER = "X-Calm-Timestamp";
export const EVENT_ID_HEADER = "X-Calm-Event-Id";
export const ATTEMPT_HEADER = "X-Calm-Delivery-Attempt";

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`). The timestamp (unix seconds) is
 * inside the signed string so a captured request cannot be replayed later with a fresh timestamp.
 */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does: recompute, compare in constant time, and refuse stale timestamps. */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
