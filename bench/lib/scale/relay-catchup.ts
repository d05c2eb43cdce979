// The relay catching up from the start of the big log into an empty Redis stream, against the two
// floors measured on the same rows in the same run: the raw Postgres read (readBatch alone) and a
// raw pipelined XADD of the same entries (Redis alone; two pipelines in flight, as the relay has its
// append and the next batch's read and encoding in flight).
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { relayCheckpointKey, relaySubscriberId } from "../../../src/server/relay/redis-checkpoint";
import { runRelay } from "../../../src/server/relay/run-relay";
import { STREAM_FIELDS, streamValues } from "../../../src/server/relay/stream-fields";
import { createStreamsRedis, whenReady } from "../../../src/server/relay/streams-redis";
import { START } from "../../../src/server/subscriptions/checkpoint";
import { readBatch } from "../../../src/server/subscriptions/read-batch";

export type RelayCatchUp = { events: number; batch: number; maxLen: number; relayPerSec: number; readPerSec: number; xaddPerSec: number };

export async function relayCatchUp(pool: pg.Pool, redisUrl: string, opts: { events: number; batch: number; maxLen: number; log: (s: string) => void }): Promise<RelayCatchUp> {
  const redis = await whenReady(createStreamsRedis(redisUrl, 30_000));
  const base = `calm:bench:scale:${randomBytes(4).toString("hex")}`;
  const streams = { raw: `${base}:raw`, relay: `${base}:relay` };
  try {
    opts.log(`  raw Postgres read of the first ${opts.events.toLocaleString("en")} events (readBatch, ${opts.batch} per batch)…`);
    let t = performance.now();
    const entries: string[][] = [];
    for (let cp = START; entries.length < opts.events; ) {
      const b = await readBatch(pool, cp, opts.batch);
      if (!b.last) break;
      for (const e of b.events) entries.push(streamValues(e));
      cp = b.last;
    }
    const readMs = performance.now() - t;
    const n = entries.length;

    opts.log("  raw pipelined XADD of the same entries, 2 pipelines in flight…");
    t = performance.now();
    let inFlight: Promise<unknown> | null = null;
    for (let i = 0; i < n; i += opts.batch) {
      const pipe = redis.pipeline();
      for (const v of entries.slice(i, i + opts.batch)) pipe.xadd(streams.raw, "MAXLEN", "~", opts.maxLen, "*", ...STREAM_FIELDS.flatMap((f, j) => [f, v[j]!]));
      const sent = pipe.exec(); // sent before the previous pipeline's replies are awaited
      await inFlight;
      inFlight = sent;
    }
    await inFlight;
    const xaddMs = performance.now() - t;
    entries.length = 0;
    await redis.del(streams.raw);

    opts.log("  relay into an empty stream…");
    t = performance.now();
    // The run's first batch is small (it learns the entries' size), so allow a few more batches.
    const run = await runRelay(pool, redis, { stream: streams.relay, maxLen: opts.maxLen, batchSize: opts.batch, maxBatches: Math.ceil(n / opts.batch) + 2 });
    const relayMs = performance.now() - t;
    return {
      events: run.processed,
      batch: opts.batch,
      maxLen: opts.maxLen,
      relayPerSec: (run.processed * 1000) / relayMs,
      readPerSec: (n * 1000) / readMs,
      xaddPerSec: (n * 1000) / xaddMs,
    };
  } finally {
    await redis.del(streams.raw, streams.relay, relayCheckpointKey(streams.relay)).catch(() => undefined);
    await pool.query("DELETE FROM subscription_checkpoints WHERE subscriber_id = $1", [relaySubscriberId(streams.relay)]).catch(() => undefined);
    redis.disconnect();
  }
}
