import { describe, expect, it } from "vitest";
import type { LoopRecord } from "~/domain/entities";
import { type HistoryRow, recordOfRow } from "./as-of-rows";
import { recordRest } from "./history-rows";

const open: LoopRecord = {
  id: "0b8f0f3e-6a49-5b8e-9b7e-3c1f4f1d2a10",
  type: "decision_pending",
  opened_by_event_id: "019a0000-0000-7000-8000-000000000001",
  opened_at: "2026-11-02T09:00:00.000Z",
  due_at: "2026-11-05T09:00:00.000Z",
  status: "active",
  closed_by_event_id: null,
  closed_at: null,
  closed_by_command: false,
  reason: null,
  note: null,
  snoozed_until: "2026-11-06T09:00:00.000Z",
  reopened_by_event_id: "019a0000-0000-7000-8000-000000000003",
};
const dismissed: LoopRecord = {
  ...open,
  status: "dismissed",
  closed_by_event_id: "019a0000-0000-7000-8000-000000000002",
  closed_at: "2026-11-03T10:00:00.000Z",
  closed_by_command: true,
  reason: 'not now \\ "later"',
  snoozed_until: null,
  reopened_by_event_id: null,
};

/** The row loop_history holds for `r`, its record column as given. */
const rowOf = (r: LoopRecord, record: Partial<LoopRecord>): HistoryRow => ({
  entity_type: "deal",
  entity_id: "5d1c2f7e-0000-4000-8000-000000000000",
  valid_from: new Date("2026-11-02T09:00:00.000Z"),
  visible_from: null,
  loop_id: r.id,
  type: r.type,
  status: r.status,
  due_at: new Date(r.due_at),
  closed_at: r.closed_at === null ? null : new Date(r.closed_at),
  snoozed_until: r.snoozed_until === null ? null : new Date(r.snoozed_until),
  record,
});

describe("loop_history's record column", () => {
  it("leaves out what the row has as columns and the nulls, and recordOfRow puts the record back", () => {
    for (const r of [open, dismissed]) {
      const rest = recordRest(r);
      for (const k of ["id", "type", "status", "due_at", "closed_at", "snoozed_until"]) expect(rest).not.toHaveProperty(k);
      expect(Object.values(rest)).not.toContain(null);
      expect(recordOfRow(rowOf(r, rest))).toStrictEqual(r);
    }
  });

  it("reads rows written before, which hold the whole record", () => {
    for (const r of [open, dismissed]) expect(recordOfRow(rowOf(r, r))).toStrictEqual(r);
  });
});
