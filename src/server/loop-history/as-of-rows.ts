import type pg from "pg";
import type { LoopRecord } from "~/domain/entities";
import type { EntityType } from "~/domain/events";
import { normalizeIso, type Loop } from "~/domain/loops";
import { loopAt } from "~/domain/time-travel";
import { AppError } from "../errors";
import { CLIENT_ID, type LoopRow } from "../loops/list-loops";

/** A loop_history row as the queries read it (HISTORY_ROW_COLUMNS). */
export type HistoryRow = {
  entity_type: EntityType;
  entity_id: string;
  valid_from: Date;
  visible_from: Date | null;
  loop_id: string;
  type: LoopRecord["type"];
  status: LoopRecord["status"];
  due_at: Date;
  closed_at: Date | null;
  snoozed_until: Date | null;
  /** The record's other fields, nulls left out (recordRest); rows written before that hold it whole. */
  record: Partial<LoopRecord>;
};

export const HISTORY_ROW_COLUMNS =
  "h.entity_type, h.entity_id, h.valid_from, h.visible_from, h.loop_id, h.type, h.status, h.due_at, h.closed_at, h.snoozed_until, h.record";

/** The loop record a history row holds: its columns over its jsonb, the nulls put back. */
export function recordOfRow(r: HistoryRow): LoopRecord {
  return {
    closed_by_event_id: null,
    closed_by_command: false,
    reason: null,
    note: null,
    reopened_by_event_id: null,
    ...(r.record as Pick<LoopRecord, "opened_by_event_id" | "opened_at">),
    id: r.loop_id,
    type: r.type,
    status: r.status,
    due_at: r.due_at.toISOString(),
    closed_at: r.closed_at?.toISOString() ?? null,
    snoozed_until: r.snoozed_until?.toISOString() ?? null,
  };
}

/** The loop a history row is at `asOf` (deriveLoops' own rules: loopAt), null if not yet visible. */
export function loopOfRow(orgId: string, r: HistoryRow, asOf: Date): Loop | null {
  const visible_from = r.visible_from?.toISOString() ?? null;
  const ref = { org_id: orgId, entity_type: r.entity_type, entity_id: r.entity_id };
  return loopAt(ref, { record: recordOfRow(r), visible_from }, asOf.getTime());
}

type Names = { entity_name: string | null; client_id: string | null; client_name: string | null };

/**
 * The entities' names, from the entity read model (today's names: a label, not a fact of the
 * moment, so that a loop reads the same in the past and the present).
 */
export async function entityNames(db: pg.Pool, orgId: string, refs: { type: string; id: string }[]): Promise<Map<string, Names>> {
  const out = new Map<string, Names>();
  if (refs.length === 0) return out;
  const res = await db.query<Names & { type: string; id: string }>(
    `SELECT e.type, e.id, e.display_name AS entity_name, ${CLIENT_ID} AS client_id, c.state->>'name' AS client_name
       FROM unnest($2::text[], $3::uuid[]) AS t(type, id)
       JOIN entities e ON e.org_id = $1 AND e.type = t.type AND e.id = t.id
       LEFT JOIN entities c ON c.org_id = e.org_id AND c.type = 'client' AND c.id = ${CLIENT_ID}`,
    [orgId, refs.map((r) => r.type), refs.map((r) => r.id)],
  );
  for (const r of res.rows) out.set(`${r.type}:${r.id}`, { entity_name: r.entity_name, client_id: r.client_id, client_name: r.client_name });
  return out;
}

/**
 * A loop of a past moment in loops.list's item shape: created_at is when it opened (its opening
 * event's occurred_at; an invoice's due date), updated_at the instant of the last change it had
 * seen by then (`changedAt`).
 */
export function toLoopRow(l: Loop, changedAt: string, names: Names | undefined): LoopRow {
  const iso = (v: string | null) => (v === null ? null : normalizeIso(v));
  return {
    id: l.id,
    org_id: l.org_id,
    type: l.type,
    entity_type: l.entity_type,
    entity_id: l.entity_id,
    entity_name: names?.entity_name ?? null,
    client_id: names?.client_id ?? null,
    client_name: names?.client_name ?? null,
    due_at: normalizeIso(l.due_at),
    severity: l.severity,
    suggested_action: l.suggested_action,
    status: l.status,
    created_at: normalizeIso(l.opened_at),
    updated_at: normalizeIso(changedAt),
    opened_by_event_id: l.opened_by_event_id,
    closed_by_event_id: l.closed_by_event_id,
    close_note: l.reason ?? l.note,
    snoozed_until: iso(l.snoozed_until),
    reopened_by_event_id: l.reopened_by_event_id,
  };
}

/** A moment to travel to must not lie ahead of the server's now (the present is the live list). */
export function pastMoment(iso: string, now: Date, field: string): Date {
  const at = new Date(iso);
  if (at.getTime() > now.getTime()) {
    throw new AppError("invalid_moment", `${field} is in the future (${at.toISOString()} > now ${now.toISOString()}): leave it out for the present`, [field]);
  }
  return at;
}
