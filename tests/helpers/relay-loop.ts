// A relay in a tight loop, as a child process the kill test SIGKILLs at random points.
// env: DATABASE_URL, REDIS_URL, RELAY_STREAM, RELAY_BATCH; RELAY_HOLD_MS widens the window
// between "Redis accepted the batch" and "Postgres copy committed" (printed as "appended");
// RELAY_SCRIPT_BYTES splits each batch into several append scripts (kills then land between them).
// RELAY_KIND=loops runs the loop relay (loop_changes → kind=loop entries) instead of the event relay.
import { createPool } from "../../src/server/db/pool";
import { runLoopRelay, runRelay } from "../../src/server/relay/run-relay";
import { createStreamsRedis, whenReady } from "../../src/server/relay/streams-redis";

const pool = createPool(process.env.DATABASE_URL!, 2);
const redis = await whenReady(createStreamsRedis(process.env.REDIS_URL!));
const stream = process.env.RELAY_STREAM!;
const batchSize = Number(process.env.RELAY_BATCH ?? 20);
const holdMs = Number(process.env.RELAY_HOLD_MS ?? 0);
const maxScriptBytes = process.env.RELAY_SCRIPT_BYTES ? Number(process.env.RELAY_SCRIPT_BYTES) : undefined;
const relay = process.env.RELAY_KIND === "loops" ? runLoopRelay : runRelay;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

process.stdout.write("ready\n");
for (;;) {
  const run = await relay(pool, redis, {
    stream,
    maxLen: 1_000_000,
    batchSize,
    maxScriptBytes,
    maxBatches: 3, // several batches per run: the read-ahead path gets killed too
    afterAppend: async () => {
      process.stdout.write("appended\n");
      if (holdMs > 0) await sleep(holdMs);
    },
  });
  process.stdout.write(`batch ${run.processed}\n`);
  if (run.processed === 0) await sleep(2);
}
