import type pg from "pg";
import { withTransaction } from "../db/transaction";
import { CHANNELS } from "../signals/channels";
import { emitSignal } from "../signals/process-signals";
import { databaseKey } from "../signals/publish";
import { hasHiddenEvents } from "../subscriptions/lag";
import { tryLockSubscriber } from "../subscriptions/lock";
import { postgresCheckpointStore } from "../subscriptions/pg-checkpoint-store";
import { type RunOptions, type RunResult, runSubscriber } from "../subscriptions/run-subscriber";
import type { Subscriber } from "../subscriptions/subscriber";
import type { Source } from "../subscriptions/read-batch";
import type { StoredEvent } from "../events/stored-event";
import { type PreparedProjection, StaleRows, applyProjection, carefulOnStale, prepareProjection, warnStale } from "./project-events";
import { analyzeIfStale } from "./statistics";
import { LIVE, type ProjectionTables } from "./tables";
import { tickTimeChanges } from "./tick";

/**
 * The projector as a subscriber: read-model rows written in the batch's transaction, with its
 * Postgres checkpoint. `onLoopsChanged` hears, after each commit, the orgs whose loops it changed.
 */
export function openLoopsProjector(
  clock: () => Date,
  tables: ProjectionTables = LIVE,
  onLoopsChanged: (orgs: string[]) => void = () => undefined,
  source?: Source<StoredEvent>,
): Subscriber<PreparedProjection> {
  // Set when a batch was refused as stale (the runner then prepares it again): the next batch
  // prepared is careful, and the one after a commit is not.
  let careful = false;
  return {
    id: tables.subscriberId,
    ...(source ? { source } : {}),
    prepare: (db, events, previous) => prepareProjection(db, tables, events, clock(), previous, { careful }),
    store: postgresCheckpointStore(tables.subscriberId, async (client, prepared) => {
      try {
        await applyProjection(client, tables, prepared);
      } catch (e) {
        if (e instanceof StaleRows) {
          careful = true;
          warnStale(tables, "a batch");
        }
        throw e;
      }
    }),
    afterCommit: (prepared) => {
      careful = false;
      if (prepared.changedOrgs?.length) onLoopsChanged(prepared.changedOrgs);
    },
  };
}

/**
 * This process's dashboards hear of a commit at once; other processes' by the NOTIFY the commit
 * delivered (project-events.ts), which this process's listener then ignores as its own.
 */
const tellThisProcess = (pool: pg.Pool) => (orgs: string[]) => emitSignal(databaseKey(pool), CHANNELS.loopsChanged, orgs);

/**
 * `behind`: caught up to the horizon, yet committed events lie past the checkpoint: a transaction
 * of this database still running hides them for now, so another run soon will find them.
 */
export type ProjectorPass = RunResult & { behind: boolean; ticked: number };

/**
 * One projector pass: catch up on the log, then apply time-based changes. The tick runs under the
 * same advisory lock as the projector so the two never write one entity concurrently.
 */
export async function runProjector(
  pool: pg.Pool,
  clock: () => Date,
  opts: RunOptions & { tables?: ProjectionTables; source?: Source<StoredEvent> } = {},
): Promise<ProjectorPass> {
  const tables = opts.tables ?? LIVE;
  const run = await runSubscriber(pool, openLoopsProjector(clock, tables, tellThisProcess(pool), opts.source), opts);
  const behind = run.caughtUp ? await hasHiddenEvents(pool, tables.subscriberId) : false;
  if (run.skipped) return { ...run, behind, ticked: 0 };
  // Refused as stale (rows changed behind the projector's back), the tick goes again carefully.
  const tick = await withTransaction(pool, async (client) =>
    (await tryLockSubscriber(client, tables.subscriberId))
      ? carefulOnStale(client, tables, "the time pass", (how) => tickTimeChanges(client, tables, clock(), undefined, how))
      : { ticked: 0, changedOrgs: [] },
  );
  if (tick.changedOrgs.length > 0) tellThisProcess(pool)(tick.changedOrgs);
  // After the signals: the dashboards hear of the writes first, then their reads get a fair plan.
  // The live tables only: a rebuild analyzes its shadows itself (rebuild.ts).
  if (tables === LIVE) await analyzeIfStale(pool, run.processed, run.caughtUp, [tables.loops, tables.entities, tables.counts]);
  return { ...run, behind, ticked: tick.ticked };
}
