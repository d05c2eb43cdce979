import { entityKey, refOf } from "~/domain/entities";
import type { LoggedEvent } from "~/domain/events";
import { entityVersions, type TimeBasis, timelessLoops } from "~/domain/time-travel";

export const BASES: readonly TimeBasis[] = ["occurred", "recorded"];

/** loop_history's columns, as arrays for one unnest() insert. */
export type HistoryColumns = {
  org_id: string[];
  basis: string[];
  entity_type: string[];
  entity_id: string[];
  valid_from: string[];
  valid_to: string[];
  loop_id: string[];
  type: string[];
  status: string[];
  due_at: string[];
  closed_at: (string | null)[];
  snoozed_until: (string | null)[];
  visible_from: (string | null)[];
  record: string[];
};

export const emptyColumns = (): HistoryColumns => ({
  org_id: [], basis: [], entity_type: [], entity_id: [], valid_from: [], valid_to: [], loop_id: [], type: [], status: [],
  due_at: [], closed_at: [], snoozed_until: [], visible_from: [], record: [],
});

export const HISTORY_INSERT = `INSERT INTO loop_history (org_id, basis, entity_type, entity_id, valid_from, valid_to, loop_id, type, status,
    due_at, closed_at, snoozed_until, visible_from, record)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::uuid[],
    $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::jsonb[])`;

export const historyParams = (c: HistoryColumns): unknown[] => [
  c.org_id, c.basis, c.entity_type, c.entity_id, c.valid_from, c.valid_to, c.loop_id, c.type, c.status,
  c.due_at, c.closed_at, c.snoozed_until, c.visible_from, c.record,
];

/** Groups a log (position order) by entity. */
export function byEntity(events: readonly LoggedEvent[]): LoggedEvent[][] {
  const m = new Map<string, LoggedEvent[]>();
  for (const e of events) {
    const k = entityKey(refOf(e));
    const own = m.get(k);
    if (own) own.push(e);
    else m.set(k, [e]);
  }
  return [...m.values()];
}

/** Appends the rows of one entity's whole history (all its events), on both bases. */
export function addEntityRows(c: HistoryColumns, events: readonly LoggedEvent[]): void {
  for (const basis of BASES) {
    for (const v of entityVersions(events, basis)) {
      const from = new Date(v.from).toISOString();
      const to = v.to === null ? "infinity" : new Date(v.to).toISOString();
      for (const { record, visible_from } of timelessLoops(v.state)) {
        c.org_id.push(v.state.org_id);
        c.basis.push(basis);
        c.entity_type.push(v.state.entity_type);
        c.entity_id.push(v.state.entity_id);
        c.valid_from.push(from);
        c.valid_to.push(to);
        c.loop_id.push(record.id);
        c.type.push(record.type);
        c.status.push(record.status);
        c.due_at.push(record.due_at);
        c.closed_at.push(record.closed_at);
        c.snoozed_until.push(record.snoozed_until);
        c.visible_from.push(visible_from);
        c.record.push(JSON.stringify(record));
      }
    }
  }
}
