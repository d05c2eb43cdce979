import type pg from "pg";
import { withTransaction } from "../db/transaction";
import { loadCheckpoint, resetCheckpoint, saveCheckpoint } from "../subscriptions/checkpoint";
import { sameCheckpoint } from "../subscriptions/checkpoint-store";
import { lockSubscriber, tryLockSubscriber } from "../subscriptions/lock";
import { readBatch } from "../subscriptions/read-batch";
import { runProjector } from "./open-loops-projector";
import { recountLoops } from "./loop-store";
import { carefulOnStale, projectEvents } from "./project-events";
import { OVERLAP, beginFirstPass, endFirstPass, loadFirstPass, runFirstPass } from "./rebuild-bulk";
import { buildShadowIndexes, recreateShadows, swapShadows } from "./shadow-tables";
import { CHANNELS } from "../signals/channels";
import { emitSignal } from "../signals/process-signals";
import { databaseKey, notifyInTransaction } from "../signals/publish";
import { LIVE, type ProjectionTables, REBUILD } from "./tables";
import { tickTimeChanges } from "./tick";

/**
 * "folding": events folded into the shadow; "live": events the live projection caught up on before
 * the swap (only when it was behind: a log imported by COPY, a worker that was down). `total`: the
 * log's size as Postgres estimates it (never below `processed`), exact once "done".
 */
export type RebuildProgress = { phase: "folding" | "live" | "swapping" | "done"; processed: number; total: number };

/**
 * Recomputes the projection from the log into shadow tables while the live one keeps serving,
 * then puts them in its place with the checkpoint, in one transaction under the live projector's
 * lock. Two passes: the events below a cut taken at the start, entity by entity (rebuild-bulk.ts),
 * then the rest in log order as the live projector goes. Resumable: the shadow tables, the first
 * pass's progress and the shadow's checkpoint survive a crash; pass `fresh` to start over.
 * `batchSize`: events per chunk of the first pass (whole entities) and per batch of the second.
 */
export async function rebuildProjection(
  pool: pg.Pool,
  clock: () => Date,
  opts: { fresh?: boolean; batchSize?: number; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<{ processed: number }> {
  const total = await estimateEvents(pool);
  const report = (phase: RebuildProgress["phase"], processed: number) =>
    opts.onProgress?.({ phase, processed, total: phase === "done" ? processed : Math.max(total, processed) });
  let pass = await loadFirstPass(pool);
  const started = pass !== null || (await loadCheckpoint(pool, REBUILD.subscriberId)).position > 0;
  if (opts.fresh || !started) {
    await withTransaction(pool, async (c) => {
      refuseOverlap({ skipped: !(await tryLockSubscriber(c, REBUILD.subscriberId)) });
      await recreateShadows(c);
      await resetCheckpoint(c, REBUILD.subscriberId);
      await beginFirstPass(c);
    });
    pass = await loadFirstPass(pool);
  }
  let already: number;
  if (pass !== null) {
    const first = pass;
    already = await runFirstPass(pool, clock, first, opts.batchSize ?? 10_000, (folded) => report("folding", folded));
    await withTransaction(pool, async (c) => {
      refuseOverlap({ skipped: !(await tryLockSubscriber(c, REBUILD.subscriberId)) });
      // A sorted build of each index on the filled tables, with room to sort in memory; then the
      // planner's statistics, which the second pass's lookups and, after the swap, every reader need.
      await c.query("SET LOCAL maintenance_work_mem = '128MB'");
      await buildShadowIndexes(c);
      await c.query(`ANALYZE ${REBUILD.entities}`);
      await c.query(`ANALYZE ${REBUILD.loops}`);
      await recountLoops(c, REBUILD, "all"); // the first pass's rows went in without them
      await endFirstPass(c, first);
    });
  } else {
    already = await countDone(pool);
  }
  let processed = already;
  for (;;) {
    const run = await runProjector(pool, clock, {
      tables: REBUILD,
      batchSize: opts.batchSize ?? 5000,
      onBatch: (n) => report("folding", already + n),
    });
    processed = already + run.processed;
    refuseOverlap(run);
    if (run.caughtUp) break;
  }
  await catchUpLive(pool, clock, (n) => report("live", n));
  report("swapping", processed);
  await swap(pool, clock);
  report("done", processed);
  return { processed };
}

/**
 * The live projection, caught up in its own batches as the worker runs it: what it has not told
 * yet it tells now, rather than in the swap's one transaction, which held both locks for minutes
 * after an import (bench:scale: 1M events at ~4,500/s in one transaction). A worker running it
 * meanwhile (its lock taken) keeps it current itself.
 */
async function catchUpLive(pool: pg.Pool, clock: () => Date, onBatch: (processed: number) => void): Promise<void> {
  let processed = 0;
  onBatch(0);
  for (;;) {
    const run = await runProjector(pool, clock, { tables: LIVE, batchSize: 5000, onBatch: (n) => onBatch(processed + n) });
    processed += run.processed;
    if (run.skipped || run.caughtUp) return;
  }
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
    const now = clock();
    // A rebuild tells nobody anything (its tables have no outbox), so whatever the live projection
    // has not told yet (events it has not reached, time changes not yet ticked) it tells now, in
    // this transaction: then the swap replaces its rows silently. A change told here and derived
    // again by the tick after the swap (the shadow's rows may predate a due date) has one id and is
    // kept once (loop-changes-outbox.ts).
    // The shadow may still miss the last few events committed meanwhile: fold them here. Until both
    // stand at one checkpoint: an event committed between the two catch-ups is told too.
    for (;;) {
      await catchUp(c, LIVE, now);
      while ((await carefulOnStale(c, LIVE, "the swap's time pass", (opts) => tickTimeChanges(c, LIVE, now, TICK_LIMIT, opts))).ticked === TICK_LIMIT);
      await catchUp(c, REBUILD, now);
      const live = await loadCheckpoint(c, LIVE.subscriberId);
      if (sameCheckpoint(live, await loadCheckpoint(c, REBUILD.subscriberId))) break;
    }
    await saveCheckpoint(c, LIVE.subscriberId, await loadCheckpoint(c, REBUILD.subscriberId));
    await swapShadows(c);
    await resetCheckpoint(c, REBUILD.subscriberId);
    await notifyInTransaction(c, CHANNELS.loopsChanged, "all");
  });
  emitSignal(databaseKey(pool), CHANNELS.loopsChanged, "all");
}

const TICK_LIMIT = 2000;

/** Projects the events past the tables' checkpoint, in this transaction (its locks held). */
async function catchUp(c: pg.PoolClient, tables: ProjectionTables, now: Date): Promise<void> {
  for (;;) {
    const batch = await readBatch(c, await loadCheckpoint(c, tables.subscriberId), 5000);
    if (!batch.last) break;
    await carefulOnStale(c, tables, "a batch of the swap", (opts) => projectEvents(c, tables, batch.events, now, opts));
    await saveCheckpoint(c, tables.subscriberId, batch.last);
  }
}

/** Only another rebuild takes the shadow's lock: waiting for it in a loop would spin. */
function refuseOverlap(run: { skipped: boolean }) {
  if (run.skipped) throw new Error(OVERLAP);
}

/**
 * The log's size, for the progress shown: Postgres's own estimate (pg_class.reltuples, kept by
 * VACUUM, ANALYZE and autovacuum), or a count where it has none (a log never vacuumed or analyzed).
 * Counting scanned the whole log before the first event was folded: 1.3 s of a 25 s rebuild at 1 M.
 */
async function estimateEvents(pool: pg.Pool): Promise<number> {
  const r = await pool.query<{ n: number }>("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'system_events'::regclass");
  const estimate = r.rows[0]?.n ?? -1;
  if (estimate >= 0) return estimate;
  const counted = await pool.query<{ n: number }>("SELECT count(*)::bigint AS n FROM system_events");
  return counted.rows[0]?.n ?? 0;
}

async function countDone(pool: pg.Pool): Promise<number> {
  const cp = await loadCheckpoint(pool, REBUILD.subscriberId);
  const r = await pool.query<{ n: number }>(
    "SELECT count(*)::bigint AS n FROM system_events WHERE (tx_id, position) <= ($1::xid8, $2::bigint)",
    [cp.txId, cp.position],
  );
  return r.rows[0]?.n ?? 0;
}
