import type pg from "pg";
import { type Loop, type LoopChange, notificationId } from "~/domain/loops";
import { ISO_TIMESTAMPS } from "../subscriptions/iso-timestamps";
import type { JsonDocument, WritePart } from "./write-parts";

/**
 * The loop notifications' outbox (loop_changes): the projector and the tick write each loop change
 * there in the statement that writes open_loops, so a change is recorded exactly when its rows
 * are; the loop relay (relay/run-loop-relay.ts) copies the rows to the stream. A rebuild's shadow
 * tables have no outbox (ProjectionTables.changes null): a rebuild tells nobody anything.
 */

/** The outbox's columns in the order changesJson writes them (created_at, position, tx_id: defaults). */
const COLUMNS = [
  ["id", "uuid"],
  ["loop_id", "uuid"],
  ["org_id", "uuid"],
  ["loop_type", "text"],
  ["change", "text"],
  ["status", "text"],
  ["severity", "text"],
  ["due_at", "timestamptz"],
  ["entity_type", "text"],
  ["entity_id", "uuid"],
  ["suggested_action", "text"],
  ["caused_by_event_id", "uuid"],
  ["changed_at", "timestamptz"],
] as const;

/** One instant, one spelling (the notification id hashes it); most already are ("…T…:…:….mmmZ"). */
const iso = (t: string) => (t.length === 24 && t.charCodeAt(23) === 90 /* Z */ && t.charCodeAt(10) === 84 /* T */ ? t : new Date(t).toISOString());

/** The changes as one JSON document (an array of values per change), or null when there are none. */
export function changesJson(changes: readonly LoopChange[]): string | null {
  if (changes.length === 0) return null;
  return JSON.stringify(
    changes.map((c) => {
      const at = iso(c.changed_at);
      const l = c.loop;
      return [
        notificationId(l.id, c.kind, at, c.caused_by_event_id),
        l.id,
        l.org_id,
        l.type,
        c.kind,
        l.status,
        l.severity,
        l.due_at,
        l.entity_type,
        l.entity_id,
        l.suggested_action,
        c.caused_by_event_id,
        at,
      ];
    }),
  );
}

/**
 * The write part (write-parts.ts) that records the changes. ON CONFLICT DO NOTHING: a change
 * derived twice (the projector and the tick both reaching one due date, or a live catch-up just
 * before a rebuild's swap and the tick after it) has one id and is kept once.
 */
export function changesPart(table: string, json: JsonDocument): WritePart {
  const values = COLUMNS.map(([name, type], i) => `(v->>${i})::${type} AS ${name}`).join(", ");
  return {
    name: "lc",
    sql: `INSERT INTO ${table} (${COLUMNS.map(([n]) => n).join(", ")})
          SELECT ${values} FROM jsonb_array_elements($?::jsonb) AS v ON CONFLICT (id) DO NOTHING`,
    param: json,
    counted: false,
  };
}

type LoopRow = {
  id: string;
  org_id: string;
  type: Loop["type"];
  entity_type: Loop["entity_type"];
  entity_id: string;
  due_at: string;
  severity: Loop["severity"];
  suggested_action: Loop["suggested_action"];
  status: Loop["status"];
  opened_by_event_id: string;
  closed_by_event_id: string | null;
  close_note: string | null;
  snoozed_until: string | null;
  reopened_by_event_id: string | null;
  created_at: string;
};

/**
 * The loops `ids` name as the table holds them: for the rare entity whose rows are not known
 * without reading them (its stored state was refolded), so that its changes are still judged
 * against what was there. Only what diffLoops reads needs to be exact (status, severity, snooze).
 */
export async function readStoredLoops(db: pg.Pool | pg.PoolClient, table: string, ids: readonly string[]): Promise<Loop[]> {
  if (ids.length === 0) return [];
  const res = await db.query<LoopRow>({
    text: `SELECT id, org_id, type, entity_type, entity_id, due_at, severity, suggested_action, status, opened_by_event_id,
                  closed_by_event_id, close_note, snoozed_until, reopened_by_event_id, created_at
             FROM ${table} WHERE id = ANY($1::uuid[])`,
    values: [ids],
    types: ISO_TIMESTAMPS,
  });
  return res.rows.map((r) => ({
    id: r.id,
    org_id: r.org_id,
    type: r.type,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    due_at: r.due_at,
    severity: r.severity,
    suggested_action: r.suggested_action,
    status: r.status,
    opened_by_event_id: r.opened_by_event_id,
    closed_by_event_id: r.closed_by_event_id,
    opened_at: r.created_at,
    closed_at: null,
    reason: r.close_note,
    note: null,
    snoozed_until: r.snoozed_until,
    reopened_by_event_id: r.reopened_by_event_id,
  }));
}
