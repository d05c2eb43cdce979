import type { Redis } from "ioredis";
import type pg from "pg";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "../events/stored-event";
import { streamFieldPairs } from "./stream-fields";

export type ReplayOptions = {
  stream: string;
  maxLen: number;
  fromPosition: number;
  toPosition?: number;
  batchSize?: number;
  onBatch?: (published: number, lastPosition: number) => void;
};

export type ReplayResult = { published: number; firstPosition: number | null; lastPosition: number | null };

/**
 * Re-publishes committed events with position ≥ fromPosition (≤ toPosition) to the stream, in
 * position order, each marked `replayed=1`. Deliberately a re-publication: consumers see these
 * events again (n8n dedupes on X-Calm-Event-Id). The relay's checkpoint is not touched, so live
 * relaying goes on unaffected. Postgres is what one replays from; the stream is bounded.
 */
export async function replayEvents(pool: pg.Pool, redis: Redis, opts: ReplayOptions): Promise<ReplayResult> {
  const batchSize = opts.batchSize ?? 2000;
  const to = opts.toPosition ?? Number.MAX_SAFE_INTEGER;
  const out: ReplayResult = { published: 0, firstPosition: null, lastPosition: null };
  let after = opts.fromPosition - 1;
  for (;;) {
    const res = await pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM system_events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`,
      [after, to, batchSize],
    );
    if (res.rows.length === 0) return out;
    const pipe = redis.pipeline();
    for (const row of res.rows) {
      pipe.xadd(opts.stream, "MAXLEN", "~", opts.maxLen, "*", ...streamFieldPairs(rowToEvent(row)), "replayed", "1");
    }
    for (const [err] of (await pipe.exec()) ?? []) if (err) throw err;
    after = res.rows.at(-1)!.position;
    out.firstPosition ??= res.rows[0]!.position;
    out.lastPosition = after;
    out.published += res.rows.length;
    opts.onBatch?.(out.published, after);
    if (res.rows.length < batchSize) return out;
  }
}
