import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventOf, noteOn, SYSTEM_ACTOR } from "../../../tests/helpers/events";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { belowHorizon, deleteStreamKeys, readStream, testStreamName } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { appendEvents } from "../events/append";
import { runRelay } from "./run-relay";
import { createStreamsRedis, whenReady } from "./streams-redis";

let db: TestDb;
let redis: Redis;
const stream = testStreamName("relay-concurrency");
const opts = { stream, maxLen: 1_000_000, batchSize: 300 };

beforeAll(async () => {
  db = await createTestDb(24);
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
});
afterAll(async () => {
  await deleteStreamKeys(redis, stream);
  redis.disconnect();
  await db?.drop();
});

const WRITERS = 8;
const ROUNDS = 50;
const PER_ROUND = 25; // 8 × 50 × 25 = 10,000 events
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A writer that takes its positions early and commits late: the case `position > last` loses. */
async function appendHeldOpen(pool: pg.Pool, orgId: string, n: number, holdMs: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    for (let i = 0; i < n; i++) {
      await client.query(
        `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                    primary_entity_type, payload, entity_version)
         VALUES ($1, $2, 'note_added', now(), $3, 'system', $4, 'client', $5, 1)`,
        [randomUUID(), orgId, SYSTEM_ACTOR.id, randomUUID(), JSON.stringify({ text: `held ${i}` })],
      );
      if (i === 0) await sleep(holdMs); // hold the transaction open after its first write
    }
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK");
    throw e;
  } finally {
    client.release();
  }
}

async function writer(w: number, orgId: string, shared: { id: string; type: "deal" }[]): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    if ((round + w) % 7 === 0) {
      await appendHeldOpen(db.pool, orgId, PER_ROUND, 20 + ((w * 37 + round * 11) % 200));
      continue;
    }
    const events = Array.from({ length: PER_ROUND }, (_, i) =>
      i % 2 === 0 ? noteOn(shared[(w * 7 + round * 3 + i) % shared.length]!, `w${w} r${round} i${i}`) : eventOf("quote_sent"),
    );
    await appendEvents(db.pool, { orgId }, events);
  }
}

describe("relay under concurrent writers", () => {
  it("10,000 events from 8 writers (some committing late) reach the stream exactly once, per-entity order kept", async () => {
    const orgId = randomUUID();
    const shared = Array.from({ length: 40 }, () => ({ id: randomUUID(), type: "deal" as const }));

    let writing = true;
    // Two relays race the whole time: the advisory lock keeps them apart.
    const relayLoop = async () => {
      let batches = 0;
      while (writing) {
        batches += (await runRelay(db.pool, redis, opts)).batches;
        await sleep(5);
      }
      return batches;
    };
    const relays = [relayLoop(), relayLoop()];
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w, orgId, shared)));
    writing = false;
    const relayed = await Promise.all(relays);
    expect(relayed[0]! + relayed[1]!).toBeGreaterThan(0);
    await belowHorizon(db.pool);
    await runRelay(db.pool, redis, opts);

    const log = await db.pool.query<{ id: string; v: number; entity: string }>(
      "SELECT id, entity_version AS v, primary_entity_id::text AS entity FROM system_events ORDER BY tx_id, position",
    );
    expect(log.rows).toHaveLength(10_000);
    const entries = await readStream(redis, stream);
    const ids = entries.map((e) => e.fields.event_id!);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    // The stream's order is the subscription's order, (tx_id, position).
    expect(ids).toEqual(log.rows.map((r) => r.id));

    const version = new Map(log.rows.map((r) => [r.id, r.v]));
    const seen = new Map<string, number>();
    let outOfOrder = 0;
    for (const e of entries) {
      const v = version.get(e.fields.event_id!)!;
      const prev = seen.get(e.fields.entity_id!) ?? 0;
      if (v !== prev + 1) outOfOrder++;
      seen.set(e.fields.entity_id!, v);
    }
    expect(outOfOrder).toBe(0);
    expect(Math.max(...seen.values())).toBeGreaterThan(50); // the shared deals did see many versions
  });

  it("two multi-batch runs that take turns between batches both succeed, each event once in the stream", async () => {
    const own = testStreamName("relay-turns");
    const o = { stream: own, maxLen: 1_000_000, batchSize: 100 };
    try {
      await runRelay(db.pool, redis, o); // the log so far: this test looks at what follows
      const before = (await readStream(redis, own)).length;
      const orgId = randomUUID();
      for (let i = 0; i < 3; i++) await appendEvents(db.pool, { orgId }, Array.from({ length: 200 }, () => eventOf("quote_sent")));
      await belowHorizon(db.pool);

      // A does a batch, then B does one between A's first and second, then B waits for A's second:
      // each run's next batch follows a checkpoint the other one has moved since.
      const turn = () => {
        let open!: () => void;
        return { done: new Promise<void>((r) => (open = r)), open: () => open() };
      };
      const [aOne, bOne, aTwo] = [turn(), turn(), turn()];
      const a = runRelay(db.pool, redis, {
        ...o,
        onBatch: async (n) => {
          if (n === 100) {
            aOne.open();
            await bOne.done;
          } else if (n === 200) aTwo.open();
        },
      });
      await aOne.done;
      const b = runRelay(db.pool, redis, {
        ...o,
        onBatch: async (n) => {
          if (n !== 100) return;
          bOne.open();
          await aTwo.done;
        },
      });
      const [ra, rb] = await Promise.all([a, b]);
      expect(ra.processed).toBeGreaterThanOrEqual(200);
      expect(rb.processed).toBeGreaterThanOrEqual(100);
      expect(ra.processed + rb.processed).toBeLessThanOrEqual(600);
      await runRelay(db.pool, redis, o); // whatever the two left (one may stop at the other's lock)

      const ids = (await readStream(redis, own)).slice(before).map((e) => e.fields.event_id!);
      const logged = await db.pool.query<{ id: string }>("SELECT id FROM system_events WHERE org_id = $1 ORDER BY tx_id, position", [orgId]);
      expect(ids).toEqual(logged.rows.map((r) => r.id));
      expect(new Set(ids).size).toBe(600);
    } finally {
      await deleteStreamKeys(redis, own);
    }
  });
});
