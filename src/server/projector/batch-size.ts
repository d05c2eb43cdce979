import type pg from "pg";
import type { StoredEvent } from "../events/stored-event";
import { ISO_TIMESTAMPS } from "../subscriptions/iso-timestamps";
import { EVENTS, type Source } from "../subscriptions/read-batch";

/**
 * How many events the worker's projector takes per batch. While it keeps up, a batch holds the few
 * events of the last appends whatever its limit. Behind (a log imported, a worker that was down,
 * a burst), larger batches fold an entity's events together and write its row once instead of
 * once per batch: on bench:projector's 1M-event log, 7,100 events/s in batches of 1,000 against
 * 11,400 in batches of 10,000 (same machine, same hour). A batch is also bounded by its payloads'
 * size, so that a run of large ones (up to 64 KiB each) does not load hundreds of MB at once.
 */
export type BatchSizes = {
  /** Events per batch while caught up, and in a pass's first batches after it. */
  small: number;
  /** Events per batch while behind, at most. */
  large: number;
  /**
   * Events a pass of large batches folds (or 10 batches, if more; a pass of small ones takes 10:
   * projector-job.ts); the next pass goes on, so one pass never holds the process long.
   */
  passEvents: number;
  /** A batch's payloads (their JSON text as read) at most, on the last pass's average. */
  payloadBytes: number;
};

export const BATCH_SIZES: BatchSizes = { small: 1000, large: 10_000, passEvents: 50_000, payloadBytes: 16 * 1024 * 1024 };

const JSONB = 3802;

/**
 * The log as the projector reads it, measuring the payloads as they are parsed (the JSON text's
 * length, which costs nothing more: the driver hands each payload over as text).
 */
export function payloadMeter(): { source: Source<StoredEvent>; perEvent: () => number | null; reset: () => void } {
  let bytes = 0;
  let events = 0;
  const parseJsonb = (text: string): unknown => {
    bytes += text.length;
    events++;
    return JSON.parse(text);
  };
  const types = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      oid === JSONB && format !== "binary" ? parseJsonb : ISO_TIMESTAMPS.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  return {
    source: { ...EVENTS, types },
    perEvent: () => (events === 0 ? null : bytes / events),
    reset: () => {
      bytes = 0;
      events = 0;
    },
  };
}

/**
 * The next pass's batch size: small once caught up; else large, within the payload budget at the
 * average seen (`perEvent`, null when nothing was read).
 */
export function nextBatchSize(sizes: BatchSizes, caughtUp: boolean, perEvent: number | null): number {
  if (caughtUp) return sizes.small;
  const byBytes = perEvent === null ? sizes.large : Math.floor(sizes.payloadBytes / Math.max(1, perEvent));
  return Math.max(1, Math.min(sizes.large, byBytes));
}
