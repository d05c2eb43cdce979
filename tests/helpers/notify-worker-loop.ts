// A worker-like process for the loop notifications' crash test: what a worker pass runs for them
// (the projector with its tick, the event relay, the loop relay), in small steps, forever, until
// SIGKILLed; with WORKER_EXIT_WHEN_IDLE=1, until the projector and the loop relay are caught up.
// Env: DATABASE_URL, REDIS_URL, RELAY_STREAM, PROJECTOR_NOW (the fixed clock).
import { createPool } from "../../src/server/db/pool";
import { runProjector } from "../../src/server/projector/open-loops-projector";
import { runLoopRelay, runRelay } from "../../src/server/relay/run-relay";
import { createStreamsRedis, whenReady } from "../../src/server/relay/streams-redis";
import { unprojectedCount } from "./projection";

const pool = createPool(process.env.DATABASE_URL!, 3);
const redis = await whenReady(createStreamsRedis(process.env.REDIS_URL!));
const stream = process.env.RELAY_STREAM!;
const now = new Date(process.env.PROJECTOR_NOW!);
const exitWhenIdle = process.env.WORKER_EXIT_WHEN_IDLE === "1";
const relayOpts = { stream, maxLen: 1_000_000, batchSize: 15, maxBatches: 2 };

process.stdout.write("ready\n");
for (;;) {
  const projected = await runProjector(pool, () => now, { batchSize: 20, maxBatches: 2 });
  await runRelay(pool, redis, relayOpts);
  const relayed = await runLoopRelay(pool, redis, relayOpts);
  if (projected.processed + relayed.processed > 0) process.stdout.write(`pass ${projected.processed} ${relayed.processed}\n`);
  if (exitWhenIdle && !projected.skipped && relayed.caughtUp && (await unprojectedCount(pool)) === 0) {
    const again = await runLoopRelay(pool, redis, relayOpts);
    if (again.processed === 0) break;
  }
  if (projected.processed + relayed.processed === 0) await new Promise((r) => setTimeout(r, 5));
}
redis.disconnect();
await pool.end();
process.stdout.write("idle\n");
