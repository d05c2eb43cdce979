import type pg from "pg";
import { retryDelayMs } from "../delivery/retry-delay";
import type { Claimed } from "./claim";
import type { DeliveryConfig } from "./delivery-config";
import type { EndpointTarget } from "./endpoint-target";
import { postWebhook } from "./post-webhook";
import { standardHeaders } from "./standard-signature";

export type AttemptOutcome = { deliveryId: string; attempt: number; ok: boolean; statusCode: number | null; latencyMs: number; error: string | null; status: "delivered" | "pending" | "dead" };

/** The Standard Webhooks body: `{ type, timestamp, data }`, timestamp being when the entry happened. */
export const messageBody = (m: Pick<Claimed, "type" | "occurred_at" | "data">): string =>
  JSON.stringify({ type: m.type, timestamp: m.occurred_at.toISOString(), data: m.data });

/**
 * One attempt of a claimed message: signed with every current secret, POSTed, and its outcome
 * written — delivered on a 2xx; else retried after retryDelayMs(attempt), or dead after
 * maxAttempts — together with its line in the delivery log. The state change is fenced by the
 * lease: a worker whose lease ran out (it was too slow, another took over) only logs.
 */
export async function sendClaimed(db: pg.Pool, target: EndpointTarget | Error, m: Claimed, cfg: DeliveryConfig, now: () => Date): Promise<AttemptOutcome> {
  let result: { ok: boolean; statusCode: number | null; latencyMs: number; error: string | null };
  if (m.attempts > cfg.maxAttempts) {
    result = { ok: false, statusCode: null, latencyMs: 0, error: `claimed ${m.attempts} times without an outcome (workers died mid-delivery)` };
  } else if (target instanceof Error) {
    result = { ok: false, statusCode: null, latencyMs: 0, error: target.message };
  } else {
    const body = messageBody(m);
    const headers = standardHeaders(target.secrets, m.message_id, Math.floor(now().getTime() / 1000), body);
    result = await postWebhook(target.url, body, headers, { timeoutMs: cfg.timeoutMs, policy: cfg.policy, lookup: cfg.lookup });
  }
  const at = now();
  const status = result.ok ? "delivered" : m.attempts >= cfg.maxAttempts ? "dead" : "pending";
  const retryAt = new Date(at.getTime() + retryDelayMs(m.attempts, cfg.retryBaseMs, cfg.retryMaxMs));
  const error = result.error?.slice(0, 500) ?? null;
  await db.query(
    `WITH upd AS (
       UPDATE webhook_deliveries SET status = $3::varchar, leased_until = NULL, last_error = $4::text, next_attempt_at = $5,
              finished_at = CASE WHEN $3::varchar = 'pending' THEN NULL ELSE $6::timestamptz END
        WHERE id = $1 AND leased_until = $2 RETURNING id
     )
     INSERT INTO webhook_attempts (endpoint_id, org_id, delivery_id, attempt, status_code, latency_ms, error, ok, at)
     SELECT d.endpoint_id, d.org_id, d.id, $7, $8, $9, $4::text, $10, $6::timestamptz FROM webhook_deliveries d WHERE d.id = $1`,
    [m.id, m.lease, status, error, retryAt, at, m.attempts, result.statusCode, result.latencyMs, result.ok],
  );
  return { deliveryId: m.id, attempt: m.attempts, ok: result.ok, statusCode: result.statusCode, latencyMs: result.latencyMs, error, status };
}
