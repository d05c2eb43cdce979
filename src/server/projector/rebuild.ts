import type pg from "pg";
import { withTransaction } from "../db/transaction";
import { loadCheckpoint, resetCheckpoint, saveCheckpoint } from "../subscriptions/checkpoint";
import { lockSubscriber, tryLockSubscriber } from "../subscriptions/lock";
import { readBatch } from "../subscriptions/read-batch";
import { runProjector } from "./open-loops-projector";
import { projectEvents } from "./project-events";
import { CHANNELS } from "../signals/channels";
import { emitSignal } from "../signals/process-signals";
import { databaseKey, notifyInTransaction } from "../signals/publish";
import { LIVE, REBUILD } from "./tables";

export type RebuildProgress = { phase: "folding" | "swapping" | "done"; processed: number; total: number };

/**
 * Recomputes the projection from the log into shadow tables while the live one keeps serving,
 * then swaps contents and checkpoint in one transaction under the live projector's lock.
 * Resumable: the shadow tables and their checkpoint survive a crash; pass `fresh` to restart.
 */
export async function rebuildProjection(
  pool: pg.Pool,
  clock: () => Date,
  opts: { fresh?: boolean; batchSize?: number; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<{ processed: number }> {
  if (opts.fresh) {
    await withTransaction(pool, async (c) => {
      refuseOverlap({ skipped: !(await tryLockSubscriber(c, REBUILD.subscriberId)) });
      await c.query(`DELETE FROM ${REBUILD.entities}`);
      await c.query(`DELETE FROM ${REBUILD.loops}`);
      await resetCheckpoint(c, REBUILD.subscriberId);
    });
  }
  const total = await countEvents(pool);
  const already = (await loadCheckpoint(pool, REBUILD.subscriberId)).position > 0 ? await countDone(pool) : 0;
  let processed = already;
  for (;;) {
    const run = await runProjector(pool, clock, {
      tables: REBUILD,
      batchSize: opts.batchSize ?? 5000,
      onBatch: (n) => opts.onProgress?.({ phase: "folding", processed: already + n, total }),
    });
    processed = already + run.processed;
    refuseOverlap(run);
    if (run.caughtUp) break;
  }
  opts.onProgress?.({ phase: "swapping", processed, total });
  await swap(pool, clock);
  opts.onProgress?.({ phase: "done", processed, total });
  return { processed };
}

async function swap(pool: pg.Pool, clock: () => Date): Promise<void> {
  // Catch the shadow up fully, then swap while holding both locks in one transaction.
  for (;;) {
    const run = await runProjector(pool, clock, { tables: REBUILD, batchSize: 5000 });
    refuseOverlap(run);
    if (run.caughtUp) break;
  }
  await withTransaction(pool, async (c) => {
    await lockSubscriber(c, LIVE.subscriberId);
    await lockSubscriber(c, REBUILD.subscriberId);
    // The shadow may still miss the last few events committed meanwhile: fold them here.
    for (;;) {
      const batch = await readBatch(c, await loadCheckpoint(c, REBUILD.subscriberId), 5000);
      if (!batch.last) break;
      await projectEvents(c, REBUILD, batch.events, clock());
      await saveCheckpoint(c, REBUILD.subscriberId, batch.last);
    }
    await c.query(`DELETE FROM ${LIVE.loops}`);
    await c.query(`INSERT INTO ${LIVE.loops} SELECT * FROM ${REBUILD.loops}`);
    await c.query(`DELETE FROM ${LIVE.entities}`);
    await c.query(`INSERT INTO ${LIVE.entities} SELECT * FROM ${REBUILD.entities}`);
    await saveCheckpoint(c, LIVE.subscriberId, await loadCheckpoint(c, REBUILD.subscriberId));
    await c.query(`DELETE FROM ${REBUILD.entities}`);
    await c.query(`DELETE FROM ${REBUILD.loops}`);
    await resetCheckpoint(c, REBUILD.subscriberId);
    await notifyInTransaction(c, CHANNELS.loopsChanged, "all");
  });
  emitSignal(databaseKey(pool), CHANNELS.loopsChanged, "all");
}

/** Only another rebuild takes the shadow's lock: waiting for it in a loop would spin. */
function refuseOverlap(run: { skipped: boolean }) {
  if (run.skipped) throw new Error("another rebuild is running (it holds the shadow projection's lock)");
}

async function countEvents(pool: pg.Pool): Promise<number> {
  const r = await pool.query<{ n: number }>("SELECT count(*)::bigint AS n FROM system_events");
  return r.rows[0]?.n ?? 0;
}

async function countDone(pool: pg.Pool): Promise<number> {
  const cp = await loadCheckpoint(pool, REBUILD.subscriberId);
  const r = await pool.query<{ n: number }>(
    "SELECT count(*)::bigint AS n FROM system_events WHERE (tx_id, position) <= ($1::xid8, $2::bigint)",
    [cp.txId, cp.position],
  );
  return r.rows[0]?.n ?? 0;
}
