import { createHmac } from "node:crypto";
import { secretKeyBytes } from "./signing-secret";

/** The Standard Webhooks 1.0 headers (https://www.standardwebhooks.com). */
export const WEBHOOK_ID = "webhook-id";
export const WEBHOOK_TIMESTAMP = "webhook-timestamp";
export const WEBHOOK_SIGNATURE = "webhook-signature";

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under one secret. */
export function signatureV1(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac("sha256", secretKeyBytes(secret)).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/**
 * The three headers of one POST. With several secrets (a rotation's overlap) the signature header
 * lists one signature per secret, space-separated: a receiver holding either one verifies.
 */
export function standardHeaders(secrets: readonly string[], id: string, timestamp: number, body: string): Record<string, string> {
  return {
    [WEBHOOK_ID]: id,
    [WEBHOOK_TIMESTAMP]: String(timestamp),
    [WEBHOOK_SIGNATURE]: secrets.map((s) => signatureV1(s, id, timestamp, body)).join(" "),
  };
}
