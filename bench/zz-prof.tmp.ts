import "../scripts/load-env";
import "../src/server/db/pool";
import { createStreamsRedis, whenReady } from "../src/server/relay/streams-redis";
import { runRelay } from "../src/server/relay/run-relay";
import { createBenchDb } from "./lib/database";
const db = await createBenchDb(4);
const redis = await whenReady(createStreamsRedis("redis://127.0.0.1:6379", 30000));
const N = 60000, B = Number(process.argv[2] ?? 1000);
try {
  await db.pool.query(`INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, entity_version)
       SELECT gen_random_uuid(), gen_random_uuid(), 'note_added', now(), '0190b000-0000-7000-8000-000000000001', 'user', gen_random_uuid(), 'deal',
              jsonb_build_object('text', 'Called back about quote ' || g || ': they want the revised figures by Friday.'), 1
         FROM generate_series(1, ${N}) g`);
  await db.pool.query("VACUUM ANALYZE system_events");
  const c0 = process.cpuUsage();
  const T2 = performance.now();
  await runRelay(db.pool, redis, { stream: "calm:bench:prof", maxLen: 1000000, batchSize: B });
  const c = process.cpuUsage(c0);
  const ms = performance.now() - T2;
  console.log("runRelay", Math.round(N * 1000 / ms), "ev/s wall;", "node cpu ms", Math.round((c.user + c.system) / 1000), "of", Math.round(ms), "→ cpu-bound rate", Math.round(N * 1e6 / (c.user + c.system)));
  await redis.del("calm:bench:prof", "calm:bench:prof:relay-checkpoint");
} finally { redis.disconnect(); await db.drop(); }
