import "./load-env";
import { parseArgs } from "node:util";
import { env } from "~/env";
import { getPool } from "~/server/db/pool";
import { replayEvents } from "~/server/relay/replay";
import { createStreamsRedis, whenReady } from "~/server/relay/streams-redis";

/**
 * `npm run relay:replay -- --from-position N [--to-position M] [--stream name]`: re-publishes
 * events from the Postgres log (the source of truth) to the Redis stream. A re-publication, not a
 * repair: consumers see the events again.
 */
const { values } = parseArgs({
  options: {
    "from-position": { type: "string" },
    "to-position": { type: "string" },
    stream: { type: "string", default: env.REDIS_STREAM },
  },
});
const from = Number(values["from-position"]);
const to = values["to-position"] === undefined ? undefined : Number(values["to-position"]);
if (!Number.isInteger(from) || from < 1 || (to !== undefined && !Number.isInteger(to))) {
  process.stderr.write("usage: npm run relay:replay -- --from-position N [--to-position M] [--stream name]\n");
  process.exit(2);
}
if (!env.REDIS_URL) {
  process.stderr.write("[relay:replay] REDIS_URL is not set: there is no stream to publish to\n");
  process.exit(2);
}

const stream = values.stream;
const range = to === undefined ? `position >= ${from}` : `${from} <= position <= ${to}`;
process.stdout.write(
  `[relay:replay] RE-PUBLISHING events with ${range} to ${stream}, each marked replayed=1.\n` +
    "[relay:replay] Consumers (the n8n delivery group) will see these events AGAIN; receivers dedupe on event_id (X-Calm-Event-Id).\n" +
    "[relay:replay] The live relay's checkpoint is not touched.\n",
);
const pool = getPool();
const redis = await whenReady(createStreamsRedis(env.REDIS_URL));
try {
  const out = await replayEvents(pool, redis, {
    stream,
    maxLen: env.REDIS_STREAM_MAXLEN,
    fromPosition: from,
    toPosition: to,
    onBatch: (n, last) => process.stdout.write(`[relay:replay] ${n} events re-published (up to position ${last})\n`),
  });
  process.stdout.write(
    out.published === 0
      ? `[relay:replay] no events with ${range}: nothing re-published\n`
      : `[relay:replay] done: ${out.published} events (positions ${out.firstPosition}..${out.lastPosition}) re-published to ${stream}; consumers receive them again\n`,
  );
} finally {
  redis.disconnect();
  await pool.end();
}
