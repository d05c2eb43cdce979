import type pg from "pg";
import type { LoopStatus, LoopType, Severity, SnoozedMode } from "~/domain/loops";
import type { TimeBasis } from "~/domain/time-travel";
import { decodeCursor, encodeCursor, type LoopRow, summaryOf } from "../loops/list-loops";
import { entityNames, HISTORY_ROW_COLUMNS, type HistoryRow, loopOfRow, toLoopRow } from "./as-of-rows";

export type AsOfListQuery = {
  asOf: Date;
  basis: TimeBasis;
  status: LoopStatus;
  type?: LoopType;
  severity?: Severity;
  snoozed?: SnoozedMode;
  cursor?: string | null;
  limit: number;
};

// The versions in force at $3 on basis $2, loops already visible then ($3 is the moment judged at).
const AT = `h.org_id = $1 AND h.basis = $2 AND h.valid_to > $3 AND h.valid_from <= $3
  AND (h.visible_from IS NULL OR h.visible_from <= $3)`;

// deriveLoops' severity (severityOf) and snooze, at $3, in SQL: the filters page like the live list.
const SEVERITY = `CASE WHEN h.type = 'invoice_overdue' OR COALESCE(CASE WHEN h.status <> 'active' THEN h.closed_at END, $3) >= h.due_at
  THEN 'high' ELSE 'medium' END`;
const SNOOZED = "(h.status = 'active' AND h.snoozed_until IS NOT NULL AND h.snoozed_until > $3)";
const SNOOZED_SQL: Record<SnoozedMode, string> = { exclude: `AND NOT ${SNOOZED}`, include: "", only: `AND ${SNOOZED}` };


/**
 * loops.list as of a moment: the org's loops as entities.asOf would give them for each entity at
 * `asOf` on `basis`, filtered, ordered by due_at then id and keyset-paged like the live list (its
 * cursor form too), from loop_history.
 */
export async function listLoopsAsOf(db: pg.Pool, orgId: string, q: AsOfListQuery): Promise<{ items: LoopRow[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const res = await db.query<HistoryRow>(
    `SELECT ${HISTORY_ROW_COLUMNS} FROM loop_history h
      WHERE ${AT} AND h.status = $4
        AND ($5::text IS NULL OR h.type = $5) AND ($6::text IS NULL OR ${SEVERITY} = $6)
        AND ($7::timestamptz IS NULL OR (h.due_at, h.loop_id) > ($7::timestamptz, $8::uuid))
        ${SNOOZED_SQL[q.snoozed ?? "exclude"]}
      ORDER BY h.due_at, h.loop_id
      LIMIT $9`,
    [orgId, q.basis, q.asOf, q.status, q.type ?? null, q.severity ?? null, after?.dueAt ?? null, after?.id ?? null, q.limit + 1],
  );
  const page = res.rows.slice(0, q.limit);
  const names = await entityNames(db, orgId, page.map((r) => ({ type: r.entity_type, id: r.entity_id })));
  const items = page.flatMap((r) => {
    const loop = loopOfRow(orgId, r, q.asOf);
    return loop ? [toLoopRow(loop, r.valid_from.toISOString(), names.get(`${r.entity_type}:${r.entity_id}`))] : [];
  });
  const last = items.at(-1);
  return { items, nextCursor: res.rows.length > q.limit && last ? encodeCursor(last.due_at, last.id) : null };
}

/** loops.summary as of a moment: the same counts as the live summary, of the loops active then. */
export async function summarizeLoopsAsOf(db: pg.Pool, orgId: string, q: { asOf: Date; basis: TimeBasis }) {
  const res = await db.query<{ type: LoopType; severity: Severity; snoozed: boolean; n: number }>(
    `SELECT h.type, ${SEVERITY} AS severity, ${SNOOZED} AS snoozed, count(*)::int AS n
       FROM loop_history h WHERE ${AT} AND h.status = 'active' GROUP BY 1, 2, 3`,
    [orgId, q.basis, q.asOf],
  );
  return summaryOf(res.rows);
}
