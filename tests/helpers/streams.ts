import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type pg from "pg";
import { fieldsToRecord } from "../../src/server/relay/stream-fields";

/** A stream name no other test file uses, on the shared Redis. */
export const testStreamName = (label: string) => `calm:test:${label}:${randomBytes(5).toString("hex")}`;

/** Deletes the stream and every key named after it (checkpoint, dead letters). */
export async function deleteStreamKeys(redis: Redis, stream: string): Promise<void> {
  const keys = [stream];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${stream}:*`, "COUNT", 1000);
    cursor = next;
    keys.push(...found);
  } while (cursor !== "0");
  await redis.del(...keys);
}

export type Entry = { id: string; fields: Record<string, string> };

/** Every entry of a stream, oldest first (paged XRANGE). */
export async function readStream(redis: Redis, stream: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let start = "-";
  for (;;) {
    const page = await redis.xrange(stream, start, "+", "COUNT", 5000);
    for (const [id, flat] of page) out.push({ id, fields: fieldsToRecord(flat) });
    if (page.length < 5000) return out;
    start = `(${page.at(-1)![0]}`;
  }
}

/** Polls until `check` returns a truthy value; a generous timeout instead of wall-clock assertions. */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, stepMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/**
 * Waits until every event of this database is below the subscription horizon (calm_log_horizon:
 * this database's running transactions only, so other test files' do not delay it); events once
 * below it stay below it.
 */
export async function belowHorizon(pool: pg.Pool, timeoutMs = 60_000): Promise<void> {
  await waitFor(async () => {
    const res = await pool.query<{ ok: boolean }>(
      "SELECT NOT EXISTS (SELECT 1 FROM system_events WHERE tx_id >= (SELECT calm_log_horizon())) AS ok",
    );
    return res.rows[0]!.ok;
  }, timeoutMs);
}
