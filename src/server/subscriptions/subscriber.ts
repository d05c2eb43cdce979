import type pg from "pg";
import type { StoredEvent } from "../events/stored-event";
import type { CheckpointStore } from "./checkpoint-store";
import type { Source } from "./read-batch";

/**
 * What the runner (run-subscriber.ts) moves forward through the log. A batch is handled in two
 * halves so the runner can overlap them across batches: `prepare` only reads (it may run on
 * another connection while the previous batch, passed in, is still being committed) and turns the
 * events into effects; the store commits those effects together with the checkpoint.
 */
export type Subscriber<E, R extends { position: number } = StoredEvent> = {
  /** Names its advisory lock (subscriptions/lock.ts). */
  id: string;
  prepare(db: pg.Pool | pg.PoolClient, events: R[], previous: E | null): Promise<E>;
  store: CheckpointStore<E, R>;
  /** What it reads; default the log (EVENTS). */
  source?: Source<R>;
  /** Events per batch, asked before each read; default RunOptions.batchSize (the relay sizes by bytes). */
  batchSize?: () => number;
  /** Called once a batch's transaction has committed (the projector tells this process's dashboards). */
  afterCommit?: (effects: E) => void;
};
