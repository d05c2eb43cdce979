import type { Census } from "./verify";
import type { WrittenEvent } from "./writer";

/** When an acknowledged event was first seen where it must arrive. */
export type Arrival = { inStreamAt?: number; projectedAt?: number; deliveredAt?: number };

/** One fault the drill caused: its phase name, when it began, and when the drill repaired it. */
export type Fault = { phase: string; label: string; startedAt: number; repairedAt: number };

export type Row = {
  label: string;
  attempted: number;
  acknowledged: number;
  inLog: number;
  inStream: number;
  projected: number;
  delivered: number;
  /** Extra copies: rows or stream entries beyond the first for one event id. */
  duplicates: number;
  /** Acknowledged, yet missing from the log, the stream, the projection or the webhook. */
  lost: number;
  /** The longest stretch without an acknowledged append, from the fault until appends came back. */
  pausedS?: number;
  /** From the repair until every event acknowledged by then (or by the first ack after it) had arrived everywhere. */
  recoveredS?: number;
};

/** The moment the last of the events acknowledged by `t` had arrived everywhere; null while one has not. */
export function completeAt(events: Iterable<WrittenEvent>, arrivals: Map<string, Arrival>, t: number): number | null {
  let last = 0;
  for (const e of events) {
    if (e.ackedAt === undefined || e.ackedAt > t) continue;
    const a = arrivals.get(e.id);
    if (a?.inStreamAt === undefined || a.projectedAt === undefined || a.deliveredAt === undefined) return null;
    last = Math.max(last, a.inStreamAt, a.projectedAt, a.deliveredAt);
  }
  return last;
}

/** When appends were acknowledged again after the repair (the first ack at or after it). */
export function writesBackAt(events: Iterable<WrittenEvent>, repairedAt: number): number | undefined {
  let first: number | undefined;
  for (const e of events) if (e.ackedAt !== undefined && e.ackedAt >= repairedAt && (first === undefined || e.ackedAt < first)) first = e.ackedAt;
  return first;
}

/** One row per phase (in `phases` order, each fault's figures on its row) and a total. */
export function tally(
  events: WrittenEvent[],
  census: Census,
  arrivals: Map<string, Arrival>,
  phases: { phase: string; label: string }[],
  faults: Fault[],
): Row[] {
  const acks = events.flatMap((e) => (e.ackedAt === undefined ? [] : [e.ackedAt])).sort((a, b) => a - b);
  const rowOf = (label: string, mine: WrittenEvent[]): Row => {
    const acked = mine.filter((e) => e.ackedAt !== undefined);
    const once = (m: Map<string, number>, id: string) => m.get(id) === 1;
    return {
      label,
      attempted: mine.length,
      acknowledged: acked.length,
      inLog: acked.filter((e) => once(census.inLog, e.id)).length,
      inStream: acked.filter((e) => once(census.inStream, e.id)).length,
      projected: acked.filter((e) => census.projected.has(e.id)).length,
      delivered: acked.filter((e) => (census.delivered.get(e.id) ?? 0) > 0).length,
      duplicates: mine.reduce((s, e) => s + Math.max(0, (census.inLog.get(e.id) ?? 0) - 1) + Math.max(0, (census.inStream.get(e.id) ?? 0) - 1), 0),
      lost: acked.filter(
        (e) => !census.inLog.has(e.id) || !census.inStream.has(e.id) || !census.projected.has(e.id) || !census.delivered.has(e.id),
      ).length,
    };
  };
  const rows = phases.map(({ phase, label }) => {
    const row = rowOf(label, events.filter((e) => e.phase === phase));
    const fault = faults.find((f) => f.phase === phase);
    if (!fault) return row;
    const back = writesBackAt(events, fault.repairedAt);
    const complete = back === undefined ? null : completeAt(events, arrivals, back);
    return {
      ...row,
      pausedS: back === undefined ? undefined : longestGap(acks, fault.startedAt, back) / 1000,
      recoveredS: complete === null ? undefined : Math.max(0, complete - fault.repairedAt) / 1000,
    };
  });
  return [...rows, rowOf("all phases", events)];
}

/** The longest interval between consecutive acks that ends inside (from, to]. */
function longestGap(acks: number[], from: number, to: number): number {
  let gap = 0;
  for (let i = 1; i < acks.length; i++) if (acks[i]! > from && acks[i]! <= to) gap = Math.max(gap, acks[i]! - acks[i - 1]!);
  return gap;
}
