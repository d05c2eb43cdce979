import type pg from "pg";
import { claimHeads } from "./claim";
import { type DeliveryConfig, LEASE_MARGIN_MS } from "./delivery-config";
import { TARGET_COLUMNS, type TargetRow, targetOf } from "./endpoint-target";
import { trimLogs } from "./retention";
import { type AttemptOutcome, sendClaimed } from "./send-claimed";

export type PassOptions = DeliveryConfig & {
  now?: () => Date;
  /** Stop claiming after this long; in-flight POSTs finish (each bounded by timeoutMs). */
  maxMs?: number;
  /** Endpoints served in one pass, those waiting longest first. */
  maxEndpoints?: number;
  /** Parallel POSTs per endpoint (distinct entities), and in all. */
  perEndpoint?: number;
  totalConcurrency?: number;
};

export type PassResult = { endpoints: number; delivered: number; failed: number; dead: number; caughtUp: boolean };

/** Consecutive failures after which an endpoint is taken to be down until the next pass. */
const FAILURE_STREAK_STOP = 3;

/**
 * One bounded pass over every enabled endpoint with due messages: each endpoint is served by its
 * own loop (claim its due heads, POST them in parallel, repeat), so one slow or failing endpoint
 * costs only its own time; a global cap bounds the sockets. At least once: a message is marked
 * delivered only after a 2xx, and a worker killed mid-POST leaves a lease that runs out.
 */
export async function deliveryPass(db: pg.Pool, o: PassOptions): Promise<PassResult> {
  const now = o.now ?? (() => new Date());
  const deadline = now().getTime() + (o.maxMs ?? 4000);
  const perEndpoint = o.perEndpoint ?? 4;
  const out: PassResult = { endpoints: 0, delivered: 0, failed: 0, dead: 0, caughtUp: true };
  const slots = semaphore(o.totalConcurrency ?? 32);
  const rows = await db.query<TargetRow>(
    `SELECT ${TARGET_COLUMNS} FROM webhook_endpoints e
      WHERE e.enabled AND EXISTS (SELECT 1 FROM webhook_deliveries d
                                   WHERE d.endpoint_id = e.id AND d.status = 'pending' AND d.next_attempt_at <= $1
                                     AND (d.leased_until IS NULL OR d.leased_until < $1))
      ORDER BY (SELECT min(d.id) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'pending')
      LIMIT $2`,
    [now(), o.maxEndpoints ?? 50],
  );
  out.endpoints = rows.rows.length;
  const count = (r: AttemptOutcome) => {
    if (r.ok) out.delivered++;
    else out.failed++;
    if (r.status === "dead") out.dead++;
  };

  const serve = async (row: TargetRow) => {
    let streak = 0;
    for (;;) {
      if (now().getTime() >= deadline || streak >= FAILURE_STREAK_STOP) {
        out.caughtUp = false;
        return;
      }
      const at = now();
      const claimed = await claimHeads(db, row.id, at, new Date(at.getTime() + o.timeoutMs + LEASE_MARGIN_MS), perEndpoint);
      if (claimed.length === 0) return;
      let target;
      try {
        target = targetOf(row, at, o.secretKey);
      } catch (e) {
        target = e as Error; // an unreadable secret fails the attempt, with its reason in the log
      }
      const results = await Promise.all(claimed.map((m) => slots(() => sendClaimed(db, target, m, o, now))));
      for (const r of results) {
        count(r);
        streak = r.ok ? 0 : streak + 1;
      }
    }
  };
  await Promise.all(rows.rows.map(serve));
  await trimLogs(db, rows.rows.map((r) => r.id), now());
  return out;
}

/** Runs at most `n` tasks at once. */
function semaphore(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
