import type pg from "pg";
import { copyIn } from "../db/copy-in";
import { takesCopyIn } from "../db/server-features";
import { withTransaction } from "../db/transaction";
import { type EntityKey, readEntities } from "../projector/rebuild-bulk";
import { buildIndexes, buildIndexesAtOnce, swapTable } from "../projector/shadow-tables";
import { type Checkpoint, START, saveCheckpoint } from "../subscriptions/checkpoint";
import { lockSubscriber } from "../subscriptions/lock";
import { addEntityRows, byEntity, historyCopy, historyCopyText, historyInsert, historyParams, type HistoryRows } from "./history-rows";
import { runLoopHistory } from "./loop-history-job";
import { LOOP_HISTORY_SUBSCRIBER } from "./loop-history-subscriber";

/** Where the history is built while the time machine keeps answering from the old one. */
const NEXT = "loop_history_next";

/** Events read per step: each entity whole, so a step may hold a little more. */
const STEP_EVENTS = 2_000;

/** COPY statements filling the shadow at once (each its own connection). */
const COPIES_IN_FLIGHT = 2;

/**
 * Rebuilds the time machine's history from the log without ever answering from a partial one:
 * the events of transactions below a cut (this database's horizon) are read in entity order, each
 * entity's history derived once and inserted into a shadow table; then, in one transaction under
 * the subscriber's lock, the shadow's rows replace the live ones and the subscriber's checkpoint
 * moves to the cut. The subscriber then goes on from the cut as usual: an entity it touches is
 * rewritten from all its events, so events past the cut that the live side had already applied
 * are applied again, harmlessly. Replaying the log through the subscriber instead re-reads a
 * touched entity's whole log in every batch (~1,300 events/s).
 */
export async function rebuildLoopHistory(pool: pg.Pool, onBatch?: (processed: number) => void): Promise<number> {
  // One rebuild at a time: a second would drop the first one's shadow as it fills. Held by a
  // connection of its own for the whole run (a session lock: it goes with the connection if the
  // process dies).
  const guard = await pool.connect();
  try {
    const got = await guard.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [REBUILD_LOCK]);
    if (!got.rows[0]?.ok) throw new Error(HISTORY_OVERLAP);
    try {
      return await rebuildLocked(pool, onBatch);
    } finally {
      await guard.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [REBUILD_LOCK]);
    }
  } finally {
    guard.release();
  }
}

const REBUILD_LOCK = "calm:loop-history-rebuild";
export const HISTORY_OVERLAP = "another rebuild of the loop history is running";

async function rebuildLocked(pool: pg.Pool, onBatch?: (processed: number) => void): Promise<number> {
  const cut = (await pool.query<{ cut: string }>("SELECT calm_log_horizon()::text AS cut")).rows[0]!.cut;
  await pool.query(`DROP TABLE IF EXISTS ${NEXT}`);
  // Without indexes while it fills; they are built once it is full (a sorted build), and the table
  // then takes loop_history's place by renaming: copying its rows into loop_history row by row
  // cost as long as a third of the fill.
  await pool.query(`CREATE TABLE ${NEXT} (LIKE loop_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)`);
  const pair = { live: "loop_history", shadow: NEXT };
  // The embedded PGlite takes no COPY: there each step's rows go in by INSERT.
  const copies = await takesCopyIn(pool);
  let folded = 0;
  // Each step's COPY runs on its own connection while the next steps are read and derived, two at
  // a time: Postgres then copies on both cores while Node derives (one COPY at a time left the
  // fill bound by that one process). The next step's read goes out before this one is derived.
  const copying: Promise<unknown>[] = [];
  let reading = readEntities(pool, cut, null, STEP_EVENTS);
  try {
    for (;;) {
      const events = await reading;
      const last = events.at(-1);
      if (!last) break;
      const after: EntityKey = { orgId: last.org_id, type: last.primary_entity.type, id: last.primary_entity.id };
      reading = readEntities(pool, cut, after, STEP_EVENTS);
      reading.catch(() => undefined); // awaited (and thrown) at the next step
      const rows: HistoryRows = [];
      for (const own of byEntity(events)) addEntityRows(rows, own);
      if (copying.length >= COPIES_IN_FLIGHT) await copying.shift();
      if (rows.length > 0) {
        const copy = copies ? copyInto(pool, historyCopy(NEXT), historyCopyText(rows)) : pool.query(historyInsert(NEXT), historyParams(rows));
        copy.catch(() => undefined); // awaited (and thrown) in turn, or after the last step
        copying.push(copy);
      }
      folded += events.length;
      onBatch?.(folded);
    }
    await Promise.all(copying);
    await buildIndexesAtOnce(pool, pair, 2);
    await withTransaction(pool, async (c) => {
      await lockSubscriber(c, LOOP_HISTORY_SUBSCRIBER);
      const lastBelow = await c.query<{ tx: string; position: number }>(
        "SELECT tx_id::text AS tx, position FROM system_events WHERE tx_id < $1::xid8 ORDER BY tx_id DESC, position DESC LIMIT 1",
        [cut],
      );
      const at: Checkpoint = lastBelow.rows[0] ? { txId: lastBelow.rows[0].tx, position: lastBelow.rows[0].position } : START;
      await buildIndexes(c, pair); // any index loop_history gained meanwhile
      await swapTable(c, pair);
      await saveCheckpoint(c, LOOP_HISTORY_SUBSCRIBER, at);
    });
  } finally {
    await reading.catch(() => undefined);
    await Promise.allSettled(copying);
    await pool.query(`DROP TABLE IF EXISTS ${NEXT}`);
  }
  // From the cut on, as the live subscriber does.
  let processed = folded;
  for (;;) {
    const run = await runLoopHistory(pool, { batchSize: 5000, onBatch: (n) => onBatch?.(processed + n) });
    processed += run.processed;
    if (run.caughtUp) return processed;
    if (run.skipped) await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a COPY … FROM STDIN of `text` on a connection of its own. */
async function copyInto(pool: pg.Pool, sql: string, text: string): Promise<void> {
  const client = await pool.connect();
  try {
    await copyIn(client, sql, [text]);
  } catch (e) {
    client.release(e instanceof Error ? e : true);
    throw e;
  }
  client.release();
}
