// Reads the projection back and states what a full pure replay says it must hold, in one
// comparable shape (created_at/updated_at left out: they are record times of the projection).
import type pg from "pg";
import type { LoggedEvent } from "../../src/domain/events";
import { type Loop, loopsOf } from "../../src/domain/loops";
import { EVENT_COLUMNS, type EventRow, rowToEvent } from "../../src/server/events/stored-event";
import { runProjector } from "../../src/server/projector/open-loops-projector";
import { LIVE } from "../../src/server/projector/tables";
import type { RunOptions } from "../../src/server/subscriptions/run-subscriber";

export type LoopRowView = {
  id: string;
  org_id: string;
  type: string;
  entity_type: string;
  entity_id: string;
  due_at: string;
  severity: string;
  suggested_action: string;
  status: string;
  opened_by_event_id: string;
  closed_by_event_id: string | null;
  close_note: string | null;
  snoozed_until: string | null;
  reopened_by_event_id: string | null;
};

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The log in position order, as the pure functions take it; optionally one org's events. */
export async function loggedEvents(db: pg.Pool, orgId?: string): Promise<LoggedEvent[]> {
  const res = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM system_events WHERE ($1::uuid IS NULL OR org_id = $1) ORDER BY position`,
    [orgId ?? null],
  );
  return res.rows.map(rowToEvent);
}

/** The rows of open_loops (or the rebuild's shadow table), sorted by id. */
export async function loopRows(db: pg.Pool, opts: { table?: string; orgId?: string } = {}): Promise<LoopRowView[]> {
  const res = await db.query<Omit<LoopRowView, "due_at" | "snoozed_until"> & { due_at: Date; snoozed_until: Date | null }>(
    `SELECT id, org_id, type, entity_type, entity_id, due_at, severity, suggested_action, status, opened_by_event_id,
            closed_by_event_id, close_note, snoozed_until, reopened_by_event_id
       FROM ${opts.table ?? "open_loops"} WHERE ($1::uuid IS NULL OR org_id = $1) ORDER BY id`,
    [opts.orgId ?? null],
  );
  return res.rows
    .map((r) => ({ ...r, due_at: r.due_at.toISOString(), snoozed_until: r.snoozed_until?.toISOString() ?? null }))
    .sort(byId);
}

/** What open_loops must hold for these derived loops (close_note = dismiss reason or resolve note). */
export function expectedLoopRows(loops: Loop[]): LoopRowView[] {
  return loops
    .map((l) => ({
      id: l.id,
      org_id: l.org_id,
      type: l.type,
      entity_type: l.entity_type,
      entity_id: l.entity_id,
      due_at: l.due_at,
      severity: l.severity,
      suggested_action: l.suggested_action,
      status: l.status,
      opened_by_event_id: l.opened_by_event_id,
      closed_by_event_id: l.closed_by_event_id,
      close_note: l.reason ?? l.note,
      snoozed_until: l.snoozed_until,
      reopened_by_event_id: l.reopened_by_event_id,
    }))
    .sort(byId);
}

/** The full pure replay of the stored log at `asOf`, in the open_loops row shape. */
export async function replayedLoopRows(db: pg.Pool, asOf: Date, orgId?: string): Promise<LoopRowView[]> {
  return expectedLoopRows(loopsOf(await loggedEvents(db, orgId), asOf));
}

export type EntityRowView = {
  org_id: string;
  type: string;
  id: string;
  display_name: string;
  state: unknown;
  version: number;
  last_position: number;
  next_change_at: string | null;
};

/** The entity read model (or its shadow), without updated_at, in key order. */
export async function entityRows(db: pg.Pool, opts: { table?: string; orgId?: string } = {}): Promise<EntityRowView[]> {
  const res = await db.query<Omit<EntityRowView, "next_change_at"> & { next_change_at: Date | null }>(
    `SELECT org_id, type, id, display_name, state, version, last_position, next_change_at
       FROM ${opts.table ?? "entities"} WHERE ($1::uuid IS NULL OR org_id = $1) ORDER BY org_id, type, id`,
    [opts.orgId ?? null],
  );
  return res.rows.map((r) => ({ ...r, next_change_at: r.next_change_at?.toISOString() ?? null }));
}

/** Entities whose stored version differs from the number of events they have in the log (should be none). */
export async function versionMismatches(db: pg.Pool): Promise<{ id: string; version: number | null; events: number }[]> {
  const res = await db.query<{ id: string; version: number | null; events: number }>(
    `SELECT l.id, e.version, l.n AS events
       FROM (SELECT org_id, primary_entity_type AS type, primary_entity_id AS id, count(*)::int AS n
               FROM system_events GROUP BY 1, 2, 3) l
       LEFT JOIN entities e ON e.org_id = l.org_id AND e.type = l.type AND e.id = l.id
      WHERE e.version IS DISTINCT FROM l.n`,
  );
  return res.rows;
}

/** Events the live projector has not yet checkpointed past (committed ones only). */
export async function unprojectedCount(db: pg.Pool, subscriberId = LIVE.subscriberId): Promise<number> {
  const res = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM system_events e
       LEFT JOIN subscription_checkpoints c ON c.subscriber_id = $1
      WHERE (e.tx_id, e.position) > (COALESCE(c.tx_id, '0'::xid8), COALESCE(c.position, 0))`,
    [subscriberId],
  );
  return res.rows[0]!.n;
}

/**
 * Runs the projector until every committed event is checkpointed. Loops because a transaction
 * anywhere on the server (another test's) can hold the horizon back for a moment.
 */
export async function projectAll(db: pg.Pool, clock: () => Date, opts: RunOptions = {}, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  let processed = 0;
  for (;;) {
    const run = await runProjector(db, clock, opts);
    processed += run.processed;
    if (!run.skipped && (await unprojectedCount(db)) === 0) return processed;
    if (Date.now() > until) throw new Error(`projector still behind after ${timeoutMs} ms`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
