import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entityKey, refOf } from "../entities/fold";
import type { LoggedEvent } from "../events";
import type { LoopChange } from "../loops/changes";
import type { Loop } from "../loops/types";
import { buildLog, scenario } from "../testing/arbitrary-log";
import { loopChangesBetween } from "./loop-changes-between";
import { eachEntityVersion, entityVersions, loopAt, loopEvents, loopIntervals, loopsFromVersions, prefixFolds } from "./loop-history";
import { replayAsOf, type TimeBasis } from "./replay-as-of";

const BASES: TimeBasis[] = ["occurred", "recorded"];

function byEntity(events: readonly LoggedEvent[]): LoggedEvent[][] {
  const m = new Map<string, LoggedEvent[]>();
  for (const e of events) m.set(entityKey(refOf(e)), [...(m.get(entityKey(refOf(e))) ?? []), e]);
  return [...m.values()];
}

/** Instants worth judging at: every event's instants and due dates, a millisecond either side, and some between. */
function moments(events: readonly LoggedEvent[]): number[] {
  const out: number[] = [];
  for (const e of events) {
    for (const iso of [e.occurred_at, e.created_at, (e.payload as { due_at?: string }).due_at]) {
      if (typeof iso !== "string") continue;
      const t = Date.parse(iso);
      out.push(t - 1, t, t + 1, t + 3_600_000 * 7);
    }
  }
  return out;
}

const scenarioWithPicks = fc.record({ s: scenario, picks: fc.array(fc.nat(), { minLength: 2, maxLength: 12 }) });

/** Applies changes to the loops at `from`: what each change says the loop now is. */
function applied(start: readonly Loop[], changes: readonly LoopChange[]): Map<string, Loop> {
  const m = new Map(start.map((l) => [l.id, l]));
  for (const c of changes) m.set(c.loop.id, c.loop);
  return m;
}

describe("entity versions (the time machine's history) == replayAsOf at every moment", () => {
  it("random logs with late-recorded and future-dated events, both bases", () => {
    fc.assert(
      fc.property(scenarioWithPicks, ({ s, picks }) => {
        const events = buildLog(s.steps).flatMap((b) => b.events);
        const all = moments(events);
        const at = picks.map((p) => all[p % all.length]!);
        for (const own of byEntity(events)) {
          const loopy = loopEvents(own);
          const shared = prefixFolds(loopy); // as the history's rows are derived: one fold for both bases
          for (const basis of BASES) {
            const versions = entityVersions(own, basis);
            expect([...eachEntityVersion(loopy, basis, shared)]).toEqual(entityVersions(loopy, basis));
            for (const t of at) expect(loopsFromVersions(versions, t)).toEqual(replayAsOf(own, new Date(t), basis).loops);
            // The stored form: each loop's intervals, as loop_history holds them (one row per interval).
            const intervals = loopIntervals(loopy, basis, shared);
            expect(intervals).toEqual(loopIntervals(own, basis));
            const ref = { org_id: own[0]!.org_id, entity_type: own[0]!.primary_entity.type, entity_id: own[0]!.primary_entity.id };
            for (const t of at) {
              const valid = intervals.filter((i) => i.from <= t && (i.to === null || t < i.to));
              expect(new Set(valid.map((i) => i.record.id)).size).toBe(valid.length); // one interval per loop at a time
              const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
              const got = valid.flatMap((i) => loopAt(ref, i, t) ?? []).sort(byId);
              expect(got).toEqual([...replayAsOf(own, new Date(t), basis).loops].sort(byId));
            }
            // The stored instants spell the interval's own (what loop_history's valid_from/valid_to hold).
            for (const i of [...versions, ...intervals]) {
              expect(i.fromIso).toBe(new Date(i.from).toISOString());
              expect(i.toIso).toBe(i.to === null ? null : new Date(i.to).toISOString());
            }
            // Never two adjacent intervals of a loop with the same content: coalesced.
            for (const a of intervals) {
              const b = intervals.find((x) => x.record.id === a.record.id && x.from === a.to);
              if (b) expect(JSON.stringify([b.record, b.visible_from])).not.toBe(JSON.stringify([a.record, a.visible_from]));
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("loopChangesBetween: the diff of consecutive fold points", () => {
  it("splits at any moment, and the changes carry the loops at `from` to the active loops at `to`", () => {
    fc.assert(
      fc.property(scenarioWithPicks, ({ s, picks }) => {
        const events = buildLog(s.steps).flatMap((b) => b.events);
        const all = moments(events);
        const [a, b, c] = [picks[0]!, picks[1]!, picks[2] ?? picks[0]!].map((p) => all[p % all.length]!).sort((x, y) => x - y) as [number, number, number];
        for (const own of byEntity(events)) {
          for (const basis of BASES) {
            const whole = loopChangesBetween(own, a, c, basis);
            expect(whole).toEqual([...loopChangesBetween(own, a, b, basis), ...loopChangesBetween(own, b, c, basis)]);
            for (const ch of whole) {
              const t = Date.parse(ch.changed_at);
              expect(t > a && t <= c).toBe(true);
            }
            expect(whole.map((x) => Date.parse(x.changed_at))).toEqual(whole.map((x) => Date.parse(x.changed_at)).sort((x, y) => x - y));
            // The diff of consecutive moments: a change names a loop that differs just before and at its instant.
            for (const ch of whole) {
              const t = Date.parse(ch.changed_at);
              const seen = (ms: number) => {
                const l = replayAsOf(own, new Date(ms), basis).loops.find((x) => x.id === ch.loop.id);
                return l ? `${l.status}:${l.severity}:${l.snoozed_until}` : "absent";
              };
              expect(seen(t - 1)).not.toBe(seen(t));
            }
            const after = applied(replayAsOf(own, new Date(a), basis).loops, whole);
            const active = (ls: Iterable<Loop>) =>
              [...ls].filter((l) => l.status === "active").map((l) => `${l.id}:${l.snoozed_until !== null}`).sort();
            expect(active(after.values())).toEqual(active(replayAsOf(own, new Date(c), basis).loops));
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
