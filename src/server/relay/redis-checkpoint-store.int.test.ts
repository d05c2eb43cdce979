import type { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { deleteStreamKeys, readStream, testStreamName } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { CRASH, checkpointStoreContract } from "../subscriptions/checkpoint-store.contract";
import { relaySubscriberId } from "./redis-checkpoint";
import { redisCheckpointStore } from "./redis-checkpoint-store";
import { createStreamsRedis, whenReady } from "./streams-redis";

let db: TestDb;
let redis: Redis;
const streams: string[] = [];
beforeAll(async () => {
  db = await createTestDb();
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
});
afterAll(async () => {
  for (const s of streams) await deleteStreamKeys(redis, s);
  redis?.disconnect();
  await db?.drop();
});

/** Effects as stream entries, appended by the relay's compare-and-append script with the checkpoint. */
checkpointStoreContract("Redis checkpoint store", {
  pool: () => db.pool,
  subscription: async () => {
    const stream = testStreamName("contract");
    streams.push(stream);
    return {
      subscriber: (opts = {}) => ({
        id: relaySubscriberId(stream),
        prepare: async () => null,
        store: redisCheckpointStore(redis, {
          stream,
          maxLen: 1_000_000,
          maxScriptBytes: 700, // a few entries per script: a batch spans several atomic scripts
          afterAppend: () => {
            if (opts.crashAfterEffects) throw new Error(CRASH);
          },
        }),
      }),
      effects: async () => (await readStream(redis, stream)).map((e) => e.fields.event_id!),
    };
  },
});
