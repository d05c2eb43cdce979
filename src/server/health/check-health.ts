import type pg from "pg";
import { oldestTransactionSeconds, type SubscriberLag, subscriberLags } from "../subscriptions/lag";
import { LOOP_HISTORY_SUBSCRIBER } from "../loop-history/loop-history-subscriber";
import { LIVE } from "../projector/tables";

export type Health = {
  status: "ok" | "degraded" | "down";
  database: { up: boolean; latencyMs?: number; error?: string };
  redis: { configured: boolean; up: boolean; error?: string };
  subscribers: SubscriberLag[];
  oldestTransactionSeconds: number | null;
  /** Extra sections added by other components (the relay, delivery), counts only. */
  [section: string]: unknown;
  checkedAt: string;
};

export type HealthExtra = () => Promise<Record<string, unknown>>;

/** Above this the projection is called lagging (the dashboard's status line says so). */
export const LAG_WARN_SECONDS = 60;

/** Liveness and lag of our parts only: nothing of any org's data (the probe is public). */
export async function checkHealth(
  db: pg.Pool,
  redisPing: (() => Promise<void>) | null,
  now: Date,
  extras: HealthExtra[] = [],
): Promise<Health> {
  const database = await probe(async () => {
    await db.query("SELECT 1");
  });
  const redis = redisPing ? { configured: true, ...(await probe(redisPing)) } : { configured: false, up: false };
  let subscribers: SubscriberLag[] = [];
  let oldest: number | null = null;
  if (database.up) {
    [subscribers, oldest] = await Promise.all([subscriberLags(db, [LIVE.subscriberId, LOOP_HISTORY_SUBSCRIBER], now), oldestTransactionSeconds(db)]);
  }
  const extra = Object.assign({}, ...(await Promise.all(extras.map((f) => f().catch((e) => ({ extraError: String(e) }))))));
  const lagging = subscribers.some((s) => s.lagSeconds > LAG_WARN_SECONDS);
  const status = !database.up ? "down" : (redis.configured && !redis.up) || lagging ? "degraded" : "ok";
  return { status, database, redis, subscribers, oldestTransactionSeconds: oldest, ...extra, checkedAt: now.toISOString() };
}

async function probe(fn: () => Promise<void>): Promise<{ up: boolean; latencyMs?: number; error?: string }> {
  const started = performance.now();
  try {
    await withTimeout(fn(), 2000);
    return { up: true, latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { up: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
