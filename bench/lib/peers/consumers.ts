// Catching up on a log with a no-op handler: Emmett 0.42's consumer against our subscription
// runner (the projector's and relay's mechanism) with a no-op subscriber, and our projector itself.
import { randomBytes } from "node:crypto";
import { postgreSQLEventStoreConsumer, type PostgresEventStore } from "@event-driven-io/emmett-postgresql";
import type pg from "pg";
import { postgresCheckpointStore } from "../../../src/server/subscriptions/pg-checkpoint-store";
import { runSubscriber } from "../../../src/server/subscriptions/run-subscriber";
import { catchUp } from "../projector-measures";
import { callerFor } from "../scale/callers";
import { asEmmett, lead, newId, note } from "./events";

/** The same `n` events in both stores: deals of ten events each (a lead, then notes). */
export async function seedBoth(ours: pg.Pool, orgId: string, emmett: PostgresEventStore, n: number) {
  const api = callerFor(ours, orgId);
  for (let done = 0; done < n; ) {
    const events = [];
    for (let d = 0; d < 50 && done + events.length < n; d++) {
      const deal = newId();
      for (let i = 0; i < 10 && done + events.length < n; i++) events.push(i === 0 ? lead(deal) : note(deal));
    }
    await api.events.appendBatch({ events });
    await emmett.appendToStream(`deal-${newId()}`, events.map(asEmmett));
    done += events.length;
  }
}

export type Consume = { events: number; seconds: number; perSec: number };

/** Emmett's consumer from the beginning, a reactor whose eachMessage does nothing, stopped after the last event. */
export async function emmettConsume(connectionString: string, emmettPool: pg.Pool, pulling: { batchSize?: number; pullingFrequencyInMs?: number }): Promise<Consume> {
  const last = (await emmettPool.query<{ p: string }>("SELECT max(global_position)::text AS p FROM emt_messages")).rows[0]!.p;
  const lastPosition = BigInt(last);
  let events = 0;
  const consumer = postgreSQLEventStoreConsumer({ connectionString, pulling });
  consumer.reactor({
    processorId: `bench-${randomBytes(4).toString("hex")}`,
    stopAfter: (e) => e.metadata.globalPosition === lastPosition,
    eachMessage: () => {
      events++;
    },
  });
  const t = performance.now();
  try {
    await consumer.start();
  } finally {
    await consumer.close();
  }
  const seconds = (performance.now() - t) / 1000;
  return { events, seconds, perSec: events / seconds };
}

/** Our subscription runner with a subscriber that does nothing: the mechanism's own cost (lock, read, checkpoint per batch). */
export async function oursNoop(pool: pg.Pool, batchSize: number): Promise<Consume> {
  const id = `bench-noop-${randomBytes(4).toString("hex")}`;
  let events = 0;
  const t = performance.now();
  for (;;) {
    const run = await runSubscriber(pool, { id, prepare: async () => null, store: postgresCheckpointStore(id, async () => undefined) }, { batchSize });
    events += run.processed;
    if (run.caughtUp) break;
  }
  const seconds = (performance.now() - t) / 1000;
  await pool.query("DELETE FROM subscription_checkpoints WHERE subscriber_id = $1", [id]);
  return { events, seconds, perSec: events / seconds };
}

/** The open-loops projector from an empty projection (entities and loops folded and written). */
export async function oursProjector(pool: pg.Pool, batchSize: number): Promise<Consume> {
  const r = await catchUp(pool, new Date(), batchSize, () => undefined);
  return { events: r.events, seconds: r.seconds, perSec: r.perSec };
}
