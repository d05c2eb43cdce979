import { randomUUID } from "node:crypto";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { belowHorizon } from "../../../tests/helpers/streams";
import { withTransaction } from "../db/transaction";
import { type Checkpoint, START } from "./checkpoint";
import { CheckpointConflict, type NonEmptyBatch } from "./checkpoint-store";
import { tryLockSubscriber } from "./lock";
import { readBatch } from "./read-batch";
import { runSubscriber } from "./run-subscriber";
import type { Subscriber } from "./subscriber";

/** One subscription (its own checkpoint and effects), starting at the beginning of the log. */
export type ContractSubscription = {
  /** A new subscriber each call, as each run builds one; `crashAfterEffects` throws once its effects are written. */
  subscriber(opts?: { crashAfterEffects?: boolean }): Subscriber<unknown>;
  /** The event ids its effects hold, in the order they were written. */
  effects(): Promise<string[]>;
};

export type ContractSetup = { pool(): pg.Pool; subscription(): Promise<ContractSubscription> };

/**
 * What every CheckpointStore must do, run against each one (Postgres for the projector, Redis for
 * the relay), as Emmett runs one suite per implementation of an interface. The effects the
 * subscription holds must always be a prefix of the log that ends at its checkpoint.
 */
export function checkpointStoreContract(name: string, setup: ContractSetup) {
  const pool = () => setup.pool();
  const load = (sub: Subscriber<unknown>) => withTransaction(pool(), (c) => sub.store.load(c));
  /** As the runner does: load, then the batch after `from` (a stale writer's `from` may differ), then commit. */
  const commitNext = (sub: Subscriber<unknown>, from: Checkpoint, size: number) =>
    withTransaction(pool(), async (c) => {
      await sub.store.load(c);
      const batch = await readBatch(c, from, size);
      await sub.store.commit(c, from, batch as NonEmptyBatch, await sub.prepare(c, batch.events, null));
      return batch;
    });

  describe(`${name}: the checkpoint-store contract`, () => {
    it("a new subscription loads START; commit writes the batch's effects once and moves the checkpoint to its last event", async () => {
      await appendNotes(pool(), 5);
      const s = await setup.subscription();
      expect(await load(s.subscriber())).toEqual(START);
      const batch = await commitNext(s.subscriber(), START, 3);
      expect(batch.events).toHaveLength(3);
      expect(await load(s.subscriber())).toEqual(batch.last);
      expect(await s.effects()).toEqual(batch.events.map((e) => e.id));
      const next = await commitNext(s.subscriber(), batch.last!, 2);
      expect(await load(s.subscriber())).toEqual(next.last);
      expect(await s.effects()).toEqual((await logOrder(pool())).slice(0, 5));
    });

    it("two writers from one checkpoint: the first commit wins, the second is refused and writes nothing", async () => {
      await appendNotes(pool(), 4);
      const s = await setup.subscription();
      await commitNext(s.subscriber(), START, 1); // a checkpoint past START, held by the store
      const [a, b] = [s.subscriber(), s.subscriber()];
      const from = await load(a);
      expect(await load(b)).toEqual(from);
      const won = await commitNext(a, from, 2);
      await expect(commitNext(b, from, 2)).rejects.toBeInstanceOf(CheckpointConflict);
      expect(await load(s.subscriber())).toEqual(won.last);
      expect(await s.effects()).toEqual((await logOrder(pool())).slice(0, 3));
    });

    it("a run that finds the subscriber's lock held returns at once, skipped, writing nothing", async () => {
      await appendNotes(pool(), 3);
      const s = await setup.subscription();
      const holder = await pool().connect();
      try {
        await holder.query("BEGIN");
        expect(await tryLockSubscriber(holder, s.subscriber().id)).toBe(true);
        expect(await runSubscriber(pool(), s.subscriber())).toMatchObject({ skipped: true, processed: 0, batches: 0 });
        expect(await s.effects()).toEqual([]);
      } finally {
        await holder.query("ROLLBACK");
        holder.release();
      }
      expect(await runSubscriber(pool(), s.subscriber())).toMatchObject({ skipped: false, caughtUp: true });
      expect(await s.effects()).toEqual(await logOrder(pool()));
    });

    it("runs racing each other never overlap: each is skipped or refused, and every event takes effect once, in log order", async () => {
      await appendNotes(pool(), 300);
      const s = await setup.subscription();
      const racer = async () => {
        for (let caughtUp = false; !caughtUp; ) {
          const run = await runSubscriber(pool(), s.subscriber(), { batchSize: 7, maxBatches: 5 }).catch((e: unknown) => {
            if (!(e instanceof CheckpointConflict)) throw e;
            // A run that read its checkpoint before another run moved it: its commit is refused whole.
            return null;
          });
          caughtUp = run?.caughtUp ?? false;
        }
      };
      await Promise.all([racer(), racer(), racer()]);
      await runSubscriber(pool(), s.subscriber());
      const log = await logOrder(pool());
      expect(await s.effects()).toEqual(log);
      expect(await load(s.subscriber())).toEqual(await checkpointOf(pool(), log.at(-1)!));
    });

    it("a crash between the effects and the checkpoint: effects and checkpoint still agree, and the next run repeats and loses nothing", async () => {
      await appendNotes(pool(), 10);
      const s = await setup.subscription();
      await expect(runSubscriber(pool(), s.subscriber({ crashAfterEffects: true }), { batchSize: 4 })).rejects.toThrow(CRASH);
      const log = await logOrder(pool());
      const survived = await s.effects(); // none (Postgres: rolled back) or the batch (Redis: one script with its checkpoint)
      expect(survived).toEqual(log.slice(0, survived.length));
      expect(await load(s.subscriber())).toEqual(survived.length === 0 ? START : await checkpointOf(pool(), survived.at(-1)!));
      expect(await runSubscriber(pool(), s.subscriber(), { batchSize: 4 })).toMatchObject({ caughtUp: true });
      expect(await s.effects()).toEqual(log);
    });
  });
}

export const CRASH = "crashed after the effects, before the checkpoint";

/** n events in the log, each on its own entity, committed and below the subscription horizon. */
async function appendNotes(pool: pg.Pool, n: number): Promise<void> {
  await pool.query(
    `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                primary_entity_type, payload, entity_version)
     SELECT gen_random_uuid(), $1, 'note_added', now(), $1, 'system', gen_random_uuid(), 'deal',
            jsonb_build_object('text', 'note ' || g), 1
       FROM generate_series(1, $2::int) g`,
    [randomUUID(), n],
  );
  await belowHorizon(pool); // another file's open transaction may hold the cluster-wide horizon back
}

/** Every event id in subscription order, (tx_id, position). */
async function logOrder(pool: pg.Pool): Promise<string[]> {
  return (await pool.query<{ id: string }>("SELECT id FROM system_events ORDER BY tx_id, position")).rows.map((r) => r.id);
}

async function checkpointOf(pool: pg.Pool, eventId: string): Promise<Checkpoint> {
  const res = await pool.query<{ tx: string; position: number }>("SELECT tx_id::text AS tx, position FROM system_events WHERE id = $1", [eventId]);
  return { txId: res.rows[0]!.tx, position: res.rows[0]!.position };
}
