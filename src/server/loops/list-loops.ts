import type pg from "pg";
import type { LoopStatus, LoopType, Severity } from "~/domain/loops";
import { AppError } from "../errors";

export type LoopRow = {
  id: string;
  org_id: string;
  type: LoopType;
  entity_type: string;
  entity_id: string;
  /** The entity's display name (lead name, invoice number and amount…), from the entity read model. */
  entity_name: string | null;
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
};

export type ListQuery = { status: LoopStatus; type?: LoopType; severity?: Severity; cursor?: string | null; limit: number };

const COLUMNS = `l.id, l.org_id, l.type, l.entity_type, l.entity_id, e.display_name AS entity_name, l.due_at, l.severity,
  l.suggested_action, l.status, l.created_at, l.updated_at, l.opened_by_event_id, l.closed_by_event_id, l.close_note`;

type Raw = Omit<LoopRow, "due_at" | "created_at" | "updated_at"> & { due_at: Date; created_at: Date; updated_at: Date };

const toRow = (r: Raw): LoopRow => ({
  ...r,
  due_at: r.due_at.toISOString(),
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

/** Loops ordered by due_at then id, keyset-paged (the cursor encodes the last row's due_at and id). */
export async function listLoops(db: pg.Pool, orgId: string, q: ListQuery): Promise<{ items: LoopRow[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const res = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM open_loops l
       LEFT JOIN entities e ON e.org_id = l.org_id AND e.type = l.entity_type AND e.id = l.entity_id
      WHERE l.org_id = $1 AND l.status = $2
        AND ($3::text IS NULL OR l.type = $3) AND ($4::text IS NULL OR l.severity = $4)
        AND ($5::timestamptz IS NULL OR (l.due_at, l.id) > ($5::timestamptz, $6::uuid))
      ORDER BY l.due_at, l.id
      LIMIT $7`,
    [orgId, q.status, q.type ?? null, q.severity ?? null, after?.dueAt ?? null, after?.id ?? null, q.limit + 1],
  );
  const items = res.rows.slice(0, q.limit).map(toRow);
  const last = items.at(-1);
  return { items, nextCursor: res.rows.length > q.limit && last ? encodeCursor(last.due_at, last.id) : null };
}

export async function getLoop(db: pg.Pool, orgId: string, loopId: string): Promise<LoopRow | null> {
  const res = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM open_loops l
       LEFT JOIN entities e ON e.org_id = l.org_id AND e.type = l.entity_type AND e.id = l.entity_id
      WHERE l.org_id = $1 AND l.id = $2`,
    [orgId, loopId],
  );
  return res.rows[0] ? toRow(res.rows[0]) : null;
}

/** Active loops counted by type and severity. */
export async function summarizeLoops(db: pg.Pool, orgId: string) {
  const res = await db.query<{ type: LoopType; severity: Severity; n: number }>(
    `SELECT type, severity, count(*)::int AS n FROM open_loops WHERE org_id = $1 AND status = 'active' GROUP BY 1, 2`,
    [orgId],
  );
  const byType: Record<string, { high: number; medium: number; total: number }> = {};
  let high = 0;
  let medium = 0;
  for (const r of res.rows) {
    const t = (byType[r.type] ??= { high: 0, medium: 0, total: 0 });
    t[r.severity] += r.n;
    t.total += r.n;
    if (r.severity === "high") high += r.n;
    else medium += r.n;
  }
  return { total: high + medium, bySeverity: { high, medium }, byType };
}

function encodeCursor(dueAt: string, id: string): string {
  return Buffer.from(`${dueAt}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { dueAt: string; id: string } {
  const [dueAt, id] = Buffer.from(cursor, "base64url").toString().split("|");
  // Only the exact form encodeCursor writes (years 1..9999): Date.parse accepts forms Postgres refuses.
  const exact = dueAt !== undefined && /^(?!0000)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(dueAt) &&
    !Number.isNaN(Date.parse(dueAt)) && new Date(dueAt).toISOString() === dueAt;
  if (!exact || !id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new AppError("invalid_cursor", "cursor is not one this API returned", ["cursor"]);
  }
  return { dueAt, id };
}
