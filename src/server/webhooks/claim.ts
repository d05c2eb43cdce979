import type pg from "pg";

/** A message taken for one attempt: leased (leased_until = lease) and its attempt counted. */
export type Claimed = {
  id: string;
  endpoint_id: string;
  message_id: string;
  type: string;
  occurred_at: Date;
  data: unknown;
  /** This attempt's number (1 for the first). */
  attempts: number;
  lease: Date;
};

const RETURNING = "RETURNING d.id::text, d.endpoint_id, d.message_id, d.type, d.occurred_at, d.data, d.attempts";

/** How far into an endpoint's pending messages the heads are looked for (bounded work per claim). */
const WINDOW = 500;

/**
 * Leases up to `limit` due messages of one endpoint, each the oldest pending message of its
 * order key (an entity): messages of one entity go out one at a time, in stream order, while
 * other entities' go in parallel. A leased head keeps its followers waiting, on every instance.
 * The UPDATE re-checks the lease under the row lock, so two workers never take one message.
 */
export async function claimHeads(db: pg.Pool, endpointId: string, now: Date, lease: Date, limit: number): Promise<Claimed[]> {
  const res = await db.query<Omit<Claimed, "lease">>(
    `WITH win AS (
       SELECT id, order_key, next_attempt_at, leased_until FROM webhook_deliveries
        WHERE endpoint_id = $1 AND status = 'pending' ORDER BY id LIMIT ${WINDOW}
     ), heads AS (
       SELECT DISTINCT ON (order_key) id, next_attempt_at, leased_until FROM win ORDER BY order_key, id
     ), due AS (
       SELECT id FROM heads WHERE next_attempt_at <= $2 AND (leased_until IS NULL OR leased_until < $2) ORDER BY id LIMIT $4
     )
     UPDATE webhook_deliveries d SET leased_until = $3, attempts = d.attempts + 1
       FROM due WHERE d.id = due.id AND d.status = 'pending' AND (d.leased_until IS NULL OR d.leased_until < $2)
     ${RETURNING}`,
    [endpointId, now, lease, limit],
  );
  return res.rows.map((r) => ({ ...r, lease })).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
}

/**
 * Leases one message now, whatever its retry time (a redelivery or a test sent from Settings),
 * if it is the head of its order key and not in flight; null otherwise (the worker sends it in turn).
 */
export async function claimOne(db: pg.Pool, deliveryId: string, now: Date, lease: Date): Promise<Claimed | null> {
  const res = await db.query<Omit<Claimed, "lease">>(
    `UPDATE webhook_deliveries d SET leased_until = $3, attempts = d.attempts + 1
      WHERE d.id = $1 AND d.status = 'pending' AND (d.leased_until IS NULL OR d.leased_until < $2)
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                         WHERE p.endpoint_id = d.endpoint_id AND p.order_key = d.order_key AND p.status = 'pending' AND p.id < d.id)
     ${RETURNING}`,
    [deliveryId, now, lease],
  );
  const row = res.rows[0];
  return row ? { ...row, lease } : null;
}
