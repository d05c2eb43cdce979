import type pg from "pg";
import type { LoopStatus, LoopType, Severity, SnoozedMode } from "~/domain/loops";
import { AppError } from "../errors";

export type LoopRow = {
  id: string;
  org_id: string;
  type: LoopType;
  entity_type: string;
  entity_id: string;
  /** The entity's display name (lead name, invoice number and amount…), from the entity read model. */
  entity_name: string | null;
  /** The client the entity is for (a deal's or an invoice's client_id), or null when it names none. */
  client_id: string | null;
  /** That client's name; null while no client_created has named it ("unknown client"). */
  client_name: string | null;
  due_at: string;
  severity: Severity;
  suggested_action: string;
  status: LoopStatus;
  created_at: string;
  updated_at: string;
  opened_by_event_id: string;
  closed_by_event_id: string | null;
  /** Dismiss reason or resolve note. */
  close_note: string | null;
  /** While snoozed: when it comes back by itself (judge it against now: the tick may not have run yet). */
  snoozed_until: string | null;
  /** The loop_reopened that last brought it back from a dismiss, resolve or snooze. */
  reopened_by_event_id: string | null;
};

export type ListQuery = {
  status: LoopStatus;
  type?: LoopType;
  severity?: Severity;
  /** Snoozed loops, judged at `now`: left out (the default), included, or alone. */
  snoozed?: SnoozedMode;
  cursor?: string | null;
  limit: number;
};

// The client's id is in the entity's folded state; only a well-formed one is looked up.
export const CLIENT_ID = `CASE WHEN e.state->>'client_id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
  THEN (e.state->>'client_id')::uuid END`;

const COLUMNS = `l.id, l.org_id, l.type, l.entity_type, l.entity_id, e.display_name AS entity_name,
  ${CLIENT_ID} AS client_id, c.state->>'name' AS client_name, l.due_at, l.severity,
  l.suggested_action, l.status, l.created_at, l.updated_at, l.opened_by_event_id, l.closed_by_event_id, l.close_note,
  l.snoozed_until, l.reopened_by_event_id`;

const FROM = `open_loops l
  LEFT JOIN entities e ON e.org_id = l.org_id AND e.type = l.entity_type AND e.id = l.entity_id
  LEFT JOIN entities c ON c.org_id = l.org_id AND c.type = 'client' AND c.id = ${CLIENT_ID}`;

type Raw = Omit<LoopRow, "due_at" | "created_at" | "updated_at" | "snoozed_until"> & {
  due_at: Date;
  created_at: Date;
  updated_at: Date;
  snoozed_until: Date | null;
};

const toRow = (r: Raw): LoopRow => ({
  ...r,
  due_at: r.due_at.toISOString(),
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
  snoozed_until: r.snoozed_until?.toISOString() ?? null,
});

/** The condition for each snooze mode ($now is the instant judged at); `only` names the partial index's predicate. */
const SNOOZED_SQL: Record<SnoozedMode, string> = {
  exclude: "AND (l.snoozed_until IS NULL OR l.snoozed_until <= $8)",
  include: "AND $8::timestamptz IS NOT NULL",
  only: "AND l.status = 'active' AND l.snoozed_until IS NOT NULL AND l.snoozed_until > $8",
};

/** Loops ordered by due_at then id, keyset-paged (the cursor encodes the last row's due_at and id). */
export async function listLoops(
  db: pg.Pool,
  orgId: string,
  q: ListQuery,
  now: Date,
): Promise<{ items: LoopRow[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const res = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM ${FROM}
      WHERE l.org_id = $1 AND l.status = $2
        AND ($3::text IS NULL OR l.type = $3) AND ($4::text IS NULL OR l.severity = $4)
        AND ($5::timestamptz IS NULL OR (l.due_at, l.id) > ($5::timestamptz, $6::uuid))
        ${SNOOZED_SQL[q.snoozed ?? "exclude"]}
      ORDER BY l.due_at, l.id
      LIMIT $7`,
    [orgId, q.status, q.type ?? null, q.severity ?? null, after?.dueAt ?? null, after?.id ?? null, q.limit + 1, now],
  );
  const items = res.rows.slice(0, q.limit).map(toRow);
  const last = items.at(-1);
  return { items, nextCursor: res.rows.length > q.limit && last ? encodeCursor(last.due_at, last.id) : null };
}

export async function getLoop(db: pg.Pool, orgId: string, loopId: string): Promise<LoopRow | null> {
  const res = await db.query<Raw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE l.org_id = $1 AND l.id = $2`, [orgId, loopId]);
  return res.rows[0] ? toRow(res.rows[0]) : null;
}

type Counts = { high: number; medium: number; total: number; snoozed: number };

/**
 * Active loops counted by type and severity, snoozed ones (judged at `now`) counted apart: the
 * totals and severities are of the loops that need attention, `snoozed` of those set aside.
 * The active loops' totals are kept (loop_counts, written with open_loops by the projector:
 * loop-store.ts, countsPart); only the snoozed ones, few, are counted here, and taken off the
 * totals, in one statement (one snapshot: both as of the same writes).
 */
export async function summarizeLoops(db: pg.Pool, orgId: string, now: Date) {
  const res = await db.query<{ type: LoopType; severity: Severity; snoozed: boolean; n: number }>(
    `WITH totals AS (SELECT type, severity, n FROM loop_counts WHERE org_id = $1),
          snoozed AS (
            SELECT type, severity, count(*) AS n FROM open_loops
             WHERE org_id = $1 AND status = 'active' AND snoozed_until IS NOT NULL AND snoozed_until > $2
             GROUP BY 1, 2)
     SELECT t.type, t.severity, false AS snoozed, (t.n - COALESCE(s.n, 0))::int AS n
       FROM totals t LEFT JOIN snoozed s ON s.type = t.type AND s.severity = t.severity
      WHERE t.n - COALESCE(s.n, 0) > 0
     UNION ALL
     SELECT type, severity, true, n::int FROM snoozed`,
    [orgId, now],
  );
  return summaryOf(res.rows);
}

/** Counted rows (type, severity, snoozed, n) as the summary: live, or as of a moment (loop-history). */
export function summaryOf(rows: readonly { type: LoopType; severity: Severity; snoozed: boolean; n: number }[]) {
  const byType: Partial<Record<LoopType, Counts>> = {};
  let high = 0;
  let medium = 0;
  let snoozed = 0;
  for (const r of rows) {
    const t = (byType[r.type] ??= { high: 0, medium: 0, total: 0, snoozed: 0 });
    if (r.snoozed) {
      t.snoozed += r.n;
      snoozed += r.n;
      continue;
    }
    t[r.severity] += r.n;
    t.total += r.n;
    if (r.severity === "high") high += r.n;
    else medium += r.n;
  }
  return { total: high + medium, bySeverity: { high, medium }, byType, snoozed };
}

export function encodeCursor(dueAt: string, id: string): string {
  return Buffer.from(`${dueAt}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { dueAt: string; id: string } {
  const [dueAt, id] = Buffer.from(cursor, "base64url").toString().split("|");
  // Only the exact form encodeCursor writes (years 1..9999): Date.parse accepts forms Postgres refuses.
  const exact = dueAt !== undefined && /^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(dueAt) &&
    !Number.isNaN(Date.parse(dueAt)) && new Date(dueAt).toISOString() === dueAt;
  if (!exact || !id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new AppError("invalid_cursor", "cursor is not one this API returned", ["cursor"]);
  }
  return { dueAt, id };
}
