import { evolveEntity } from "../entities/evolve";
import { byPosition, refOf } from "../entities/fold";
import { initialEntityState } from "../entities/initial-state";
import type { EntityState, LoopRecord } from "../entities/state";
import type { LoggedEvent } from "../events";
import { loopOfRecord } from "../loops/derive";
import { LOOPLESS } from "../loops/fold-changes";
import { invoiceOverdueRecord } from "../loops/invoice-overdue";
import { MAX_INSTANT_MS, normalizeIso, toMs } from "../loops/instants";
import type { Loop } from "../loops/types";
import type { TimeBasis } from "./replay-as-of";

// The org-wide time machine (docs/time-machine.md) answers "as of T" from versions of each
// entity, precomputed here: between two of its event instants (on a basis) an entity's folded
// state is constant, and time alone decides the rest (severity, snooze, an invoice falling due).

export const instantOn = (e: LoggedEvent, basis: TimeBasis): number => toMs(basis === "occurred" ? e.occurred_at : e.created_at);

/**
 * The entity's folded state from `from` (inclusive) until `to` (exclusive; null: for ever), on one
 * basis; each instant also as its ISO string (what the history stores, spelt once per instant).
 */
export type EntityVersion = { from: number; to: number | null; fromIso: string; toIso: string | null; state: EntityState };

/**
 * Every state the entity takes on `basis`: one per distinct instant of its events, the fold (in
 * log order) of the events at or before that instant. Entities whose events arrive in instant
 * order (the usual case, and always on 'recorded' but for concurrent writers) fold incrementally;
 * a late one refolds from the last kept prefix before it (eachEntityVersion).
 */
export function entityVersions(events: readonly LoggedEvent[], basis: TimeBasis): EntityVersion[] {
  return [...eachEntityVersion(events, basis)];
}

/** A state folded from the first `n` events of `kept` (position order). */
type Snapshot = { n: number; state: EntityState };

/** Events folded between two kept snapshots of the prefix fold. */
const SNAPSHOT_EVERY = 64;

/**
 * entityVersions one at a time: a long-lived entity's versions need not all be held at once. The
 * events up to each instant are kept in log order with the fold of every 64th prefix: an event
 * that lands before others already folded (recorded late: on 'occurred' every later version sees
 * it out of log order) refolds from the last prefix before it, not from scratch (a deal of 10,000
 * events with a tenth of its notes recorded late took 288 s from scratch). `shared`: the entity's
 * prefix folds, taken as they are when this basis's instants follow log order.
 */
export function* eachEntityVersion(events: readonly LoggedEvent[], basis: TimeBasis, shared?: PrefixFolds): Generator<EntityVersion> {
  const head = events[0];
  if (!head) return;
  const ref = refOf(head);
  // Each instant parsed once, not in every comparison (a 10,000-event deal: ~130,000 of them).
  const at = events.map((e) => instantOn(e, basis));
  const order = events.map((_, i) => i).sort((a, b) => at[a]! - at[b]! || byPosition(events[a]!, events[b]!));
  const sorted = order.map((i) => events[i]!);
  const instants = order.map((i) => at[i]!);
  const isos = order.map((i) => normalizeIso(basis === "occurred" ? events[i]!.occurred_at : events[i]!.created_at));
  if (shared && inLogOrder(events, order)) {
    // Each version is the fold of a prefix of the log: the other basis may have folded it already.
    let prev: EntityVersion | null = null;
    for (let i = 0; i < sorted.length; ) {
      const at = instants[i]!;
      const atIso = isos[i]!;
      while (i < sorted.length && instants[i] === at) i++;
      if (prev) {
        prev.to = at;
        prev.toIso = atIso;
        yield prev;
      }
      prev = { from: at, to: null, fromIso: atIso, toIso: null, state: shared(i) };
    }
    if (prev) yield prev;
    return;
  }
  const kept: LoggedEvent[] = [];
  // The folds of every 64th prefix (and of none), ascending; `tip` is the fold of all of `kept`.
  const snaps: Snapshot[] = [{ n: 0, state: initialEntityState(ref.type, ref.id, ref.org_id) }];
  let tip = snaps[0]!;
  let prev: EntityVersion | null = null;
  for (let i = 0; i < sorted.length; ) {
    const at = instants[i]!;
    const atIso = isos[i]!;
    let from = kept.length; // the first index whose fold changes
    while (i < sorted.length && instants[i] === at) {
      const e = sorted[i++]!;
      const j = insertionIndex(kept, e.position);
      kept.splice(j, 0, e);
      from = Math.min(from, j);
    }
    while (snaps.at(-1)!.n > from) snaps.pop();
    // In log order (nothing landed before what was folded): go on from the tip.
    let { n, state } = tip.n <= from ? tip : snaps.at(-1)!;
    while (n < kept.length) {
      state = evolveEntity(state, kept[n++]!);
      if (n % SNAPSHOT_EVERY === 0) snaps.push({ n, state });
    }
    tip = { n, state };
    if (prev) {
      prev.to = at;
      prev.toIso = atIso;
      yield prev;
    }
    prev = { from: at, to: null, fromIso: atIso, toIso: null, state };
  }
  if (prev) yield prev;
}

/**
 * The folds of an entity's events (position order) prefix by prefix, each computed once and kept:
 * on a basis whose instants follow log order (on 'recorded' always but for concurrent writers, on
 * 'occurred' unless an event was recorded late) every version is one of them, so the two bases of
 * an entity share one fold. `n`: how many of the events.
 */
export type PrefixFolds = (n: number) => EntityState;

export function prefixFolds(events: readonly LoggedEvent[]): PrefixFolds {
  const head = events[0];
  if (!head) return () => { throw new Error("no events"); };
  const ref = refOf(head);
  const folds: EntityState[] = [initialEntityState(ref.type, ref.id, ref.org_id)];
  return (n) => {
    while (folds.length <= n) folds.push(evolveEntity(folds.at(-1)!, events[folds.length - 1]!));
    return folds[n]!;
  };
}

/** Whether sorting by instant left the events as they were, and they were in position order. */
function inLogOrder(events: readonly LoggedEvent[], order: readonly number[]): boolean {
  for (let i = 0; i < order.length; i++) {
    if (order[i] !== i) return false;
    if (i > 0 && events[i - 1]!.position >= events[i]!.position) return false;
  }
  return true;
}

/** Where an event of this position goes in `kept` (ascending positions). */
function insertionIndex(kept: readonly LoggedEvent[], position: number): number {
  let lo = 0;
  let hi = kept.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (kept[mid]!.position < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One loop's record and visibility, unchanged over [from, to) (to null: for ever), on one basis. */
export type LoopInterval = TimelessLoop & { from: number; to: number | null; fromIso: string; toIso: string | null };

/**
 * The entity's loops over time as intervals of each loop's own unchanged record: versions of the
 * entity in which a loop did not change (a note, another loop's change) extend its interval rather
 * than repeat it. Per version every loop would be O(versions × loops) rows, which a long-lived
 * deal (10,000 events, thousands of loops kept closed) turns into tens of millions; these are
 * O(changes). At any moment, the loops of the intervals valid then are the version's loops.
 */
export function loopIntervals(events: readonly LoggedEvent[], basis: TimeBasis, shared?: PrefixFolds): LoopInterval[] {
  const out: LoopInterval[] = [];
  const own = loopEvents(events);
  // The open interval of each loop of the last version taken, in that version's order.
  let open: LoopInterval[] = [];
  let lastRecords: readonly LoopRecord[] | null = null;
  for (const v of eachEntityVersion(own, basis, shared)) {
    const s = v.state;
    if (s.entity_type === "deal" || s.entity_type === "followup") {
      // A fold that leaves the loops as they were (a note) passes on the same array: nothing to
      // compare. One that changes some keeps the others' records (same objects, same places) and
      // appends new ones: only the changed places are compared, not every loop of every version
      // (a 10,000-event deal keeps thousands of closed loops: 9 s of a 1M-event rebuild).
      if (s.loops === lastRecords) continue;
      if (lastRecords !== null && extendsInPlace(lastRecords, s.loops)) {
        for (let i = 0; i < s.loops.length; i++) {
          const r = s.loops[i]!;
          const was = lastRecords[i];
          if (was === r) continue;
          if (was !== undefined && sameRecord(was, r)) continue;
          if (was !== undefined) out.push(ended(open[i]!, v));
          open[i] = { record: r, visible_from: null, from: v.from, to: null, fromIso: v.fromIso, toIso: null };
        }
        lastRecords = s.loops;
        continue;
      }
      lastRecords = s.loops;
    } else {
      lastRecords = null;
    }
    open = nextIntervals(open, timelessLoops(s), v, out);
  }
  out.push(...open);
  return out;
}

/**
 * The events that can change loops: a note's version has the loops of the one before it, and leaving
 * notes out spares refolding them after every event landing before them in log order (the bench's
 * 10,000-event deal, with hundreds of notes recorded late, refolded them after nearly each event on
 * 'occurred'). `shared` folds for loopIntervals are of this list.
 */
export const loopEvents = (events: readonly LoggedEvent[]): LoggedEvent[] => events.filter((e) => !LOOPLESS.has(e.event_type));

/** Whether `next` holds `prev`'s loops at the same places (changed or not), then maybe more. */
function extendsInPlace(prev: readonly LoopRecord[], next: readonly LoopRecord[]): boolean {
  if (next.length < prev.length) return false;
  for (let i = 0; i < prev.length; i++) if (prev[i] !== next[i] && prev[i]!.id !== next[i]!.id) return false;
  return true;
}

/** The interval, ended where version `v` starts. */
const ended = (interval: LoopInterval, v: EntityVersion): LoopInterval => {
  interval.to = v.from;
  interval.toIso = v.fromIso;
  return interval;
};

/** The interval of `t` that version `v` opens. */
const opened = (t: TimelessLoop, v: EntityVersion): LoopInterval => ({
  record: t.record,
  visible_from: t.visible_from,
  from: v.from,
  to: null,
  fromIso: v.fromIso,
  toIso: null,
});

/** The open intervals after a version with these loops: a loop unchanged keeps its interval; the others' end. */
function nextIntervals(open: LoopInterval[], loops: readonly TimelessLoop[], v: EntityVersion, out: LoopInterval[]): LoopInterval[] {
  // An invoice has at most one loop: no map for a version of one.
  if (open.length <= 1 && loops.length <= 1) {
    const was = open[0];
    const t = loops[0];
    if (was && t && was.record.id === t.record.id && was.visible_from === t.visible_from && sameRecord(was.record, t.record)) return open;
    if (was) out.push(ended(was, v));
    return t ? [opened(t, v)] : [];
  }
  const byId = new Map(open.map((o) => [o.record.id, o]));
  const next: LoopInterval[] = [];
  for (const t of loops) {
    const was = byId.get(t.record.id);
    if (was && was.visible_from === t.visible_from && sameRecord(was.record, t.record)) {
      next.push(was);
      byId.delete(t.record.id);
      continue;
    }
    next.push(opened(t, v));
  }
  for (const gone of byId.values()) out.push(ended(gone, v));
  return next;
}

/** Records are flat (strings, numbers, booleans, nulls): equal when every field is. */
function sameRecord(a: LoopRecord, b: LoopRecord): boolean {
  if (a === b) return true;
  // Field by field over the record's fixed shape: listing the keys of both allocated two arrays
  // per comparison, and an invoice's loop is compared at every version (~5 s of a 1M rebuild).
  for (const k of RECORD_FIELDS) if (a[k] !== b[k]) return false;
  return true;
}

const RECORD_FIELDS = [
  "id",
  "type",
  "opened_by_event_id",
  "opened_at",
  "due_at",
  "status",
  "closed_by_event_id",
  "closed_at",
  "closed_by_command",
  "reason",
  "note",
  "snoozed_until",
  "reopened_by_event_id",
] as const satisfies readonly (keyof LoopRecord)[];
// Every field of the record is compared: a field added to LoopRecord and not listed fails to compile.
const everyField: Record<Exclude<keyof LoopRecord, (typeof RECORD_FIELDS)[number]>, never> = {};
void everyField;

/**
 * A loop record of a state, whatever the moment: `visible_from` is the instant before which it
 * does not exist (an invoice_overdue not closed by a command exists only once the invoice is due),
 * null when it exists from the version's start.
 */
export type TimelessLoop = { record: LoopRecord; visible_from: string | null };

export function timelessLoops(state: EntityState): TimelessLoop[] {
  switch (state.entity_type) {
    case "deal":
    case "followup":
      return state.loops.map((record) => ({ record, visible_from: null }));
    case "invoice": {
      // At or after due_at (the last instant there is) the record no longer depends on the moment.
      const record = invoiceOverdueRecord(state, MAX_INSTANT_MS);
      if (!record) return [];
      return [{ record, visible_from: state.overdue_closure ? null : record.due_at }];
    }
    case "client":
      return [];
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

/** The loop a timeless record is at `asOfMs` (as deriveLoops would derive it), or null if it does not exist yet. */
export function loopAt(
  ref: { org_id: string; entity_type: EntityState["entity_type"]; entity_id: string },
  t: TimelessLoop,
  asOfMs: number,
): Loop | null {
  if (t.visible_from !== null && asOfMs < toMs(t.visible_from)) return null;
  return loopOfRecord(ref, t.record, asOfMs);
}

/** The version in force at `asOfMs`, if any. */
export const versionAt = (versions: readonly EntityVersion[], asOfMs: number): EntityVersion | null =>
  versions.find((v) => v.from <= asOfMs && (v.to === null || asOfMs < v.to)) ?? null;

/** The entity's loops at `asOfMs` from its versions: equals replayAsOf(events, asOf, basis).loops. */
export function loopsFromVersions(versions: readonly EntityVersion[], asOfMs: number): Loop[] {
  const v = versionAt(versions, asOfMs);
  if (!v) return [];
  const ref = { org_id: v.state.org_id, entity_type: v.state.entity_type, entity_id: v.state.entity_id };
  return timelessLoops(v.state).flatMap((t) => loopAt(ref, t, asOfMs) ?? []);
}
