import type pg from "pg";

export type Health = {
  status: "ok" | "degraded" | "down";
  database: { up: boolean; latencyMs?: number; error?: string };
  redis: { configured: boolean; up: boolean; error?: string };
  checkedAt: string;
};

/** Liveness of our dependencies only: nothing of any org's data (the probe is public). */
export async function checkHealth(db: pg.Pool, redisPing: (() => Promise<void>) | null, now: Date): Promise<Health> {
  const database = await probe(async () => {
    await db.query("SELECT 1");
  });
  const redis = redisPing ? { configured: true, ...(await probe(redisPing)) } : { configured: false, up: false };
  const status = !database.up ? "down" : redis.configured && !redis.up ? "degraded" : "ok";
  return { status, database, redis, checkedAt: now.toISOString() };
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
