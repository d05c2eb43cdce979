import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entityKey, foldAll, refOf } from "../entities/fold";
import { systemEventInput, type LoggedEvent } from "../events";
import { replayAsOf } from "../time-travel/replay-as-of";
import { buildLog, scenario } from "../testing/arbitrary-log";
import { loopId } from "./ids";
import { byDueAt, loopsOf } from "./loops-of";
import { applyBatch, emptyProjection, listed, tick } from "../testing/projection-model";
import { SNOOZED_MODES, matchesSnoozed } from "./snooze-filter";

const rows = (model: ReturnType<typeof emptyProjection>) => [...model.rows.values()].sort(byDueAt);

describe("live projection == full replay (docs/architecture.md, Open loops)", () => {
  it("batches with ticks in between, states through JSON, end equal to deriveLoops(fold(all), asOf)", () => {
    fc.assert(
      fc.property(scenario, ({ steps, finalMin }) => {
        const model = emptyProjection();
        const seen: LoggedEvent[] = [];
        let clock = 0; // the projector's clock never runs backwards
        for (const batch of buildLog(steps)) {
          const recorded = Math.max(...batch.events.map((e) => Date.parse(e.created_at)));
          clock = Math.max(clock, recorded);
          applyBatch(model, batch.events, new Date(clock));
          seen.push(...batch.events);
          // The list judges snoozes at its own now, so they are right even before the tick re-derives
          // the rows (time-opened loops and severities wait for the tick, as before).
          const now = new Date(clock + (batch.tick === "next" ? 0 : (batch.tick ?? 0) * 3_600_000));
          const active = loopsOf(seen, now).filter((l) => l.status === "active" && model.rows.get(l.id)?.status === "active");
          const ids = new Set(active.map((l) => l.id));
          for (const mode of SNOOZED_MODES) {
            expect(listed(model, "active", mode, now).filter((l) => ids.has(l.id)).map((l) => l.id)).toEqual(
              active.filter((l) => matchesSnoozed(l, mode, now.getTime())).map((l) => l.id),
            );
          }
          if (batch.tick === null) continue;
          const next = Math.min(...model.nextChange.values());
          if (batch.tick === "next") clock = Number.isFinite(next) ? Math.max(clock, next) : clock;
          else clock += batch.tick * 3_600_000;
          tick(model, new Date(clock));
          // After a tick every entity is as of `clock`: the invariant holds at each step, too.
          expect(rows(model)).toEqual(loopsOf(seen, new Date(clock)));
        }
        const asOf = new Date(clock + finalMin * 60_000);
        tick(model, asOf);
        expect(rows(model)).toEqual(loopsOf(seen, asOf));

        // Time travel by record time at asOf sees every event, so it shows the same loops.
        const byEntity = new Map<string, LoggedEvent[]>();
        for (const e of seen) byEntity.set(entityKey(refOf(e)), [...(byEntity.get(entityKey(refOf(e))) ?? []), e]);
        const travelled = [...byEntity.values()].flatMap((es) => replayAsOf(es, asOf, "recorded").loops);
        expect(travelled.sort(byDueAt)).toEqual(rows(model));
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it("loop ids are deterministic across rebuilds and derive from the opening event", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ steps, finalMin }, seed) => {
        const events = buildLog(steps).flatMap((b) => b.events);
        // The generator stays inside the catalog: every event would pass the API's validation.
        for (const e of events) expect(systemEventInput.safeParse(e).error).toBeUndefined();
        const asOf = new Date(Date.parse("2025-01-06T00:00:00Z") + finalMin * 60_000);
        const first = loopsOf(events, asOf);
        // A rebuild reads the log back (JSON) in any order and folds it in position order.
        const shuffleKey = (e: LoggedEvent) => (e.position * (2 * seed + 1)) % 1_000_003;
        const reread = (JSON.parse(JSON.stringify(events)) as LoggedEvent[]).sort(
          (a, b) => shuffleKey(a) - shuffleKey(b),
        );
        expect(loopsOf(reread, asOf)).toStrictEqual(first);
        expect(new Set(first.map((l) => l.id)).size).toBe(first.length);
        for (const l of first) expect(l.id).toBe(loopId(l.opened_by_event_id, l.type));
        expect(foldAll(reread)).toStrictEqual(foldAll(events));
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
