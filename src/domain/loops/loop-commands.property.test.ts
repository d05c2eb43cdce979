import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evolveEntity } from "../entities/evolve";
import { entityKey, refOf } from "../entities/fold";
import { initialEntityState } from "../entities/initial-state";
import { COMMAND_KIND, type LoopCommandEvent, commandRefusal } from "../entities/loop-commands";
import type { EntityState } from "../entities/state";
import type { LoggedEvent } from "../events";
import { buildLog, scenario } from "../testing/arbitrary-log";

const isCommand = (e: LoggedEvent): e is LoopCommandEvent => Object.hasOwn(COMMAND_KIND, e.event_type);
const wasClosed = (s: EntityState, id: string) =>
  s.entity_type === "invoice" ? s.overdue_closure !== null : "loops" in s && s.loops.some((l) => l.id === id && l.status !== "active");
const withoutVersion = (s: EntityState) => JSON.stringify({ ...s, version: 0 });

describe("loop commands: the API's up-front check agrees with the fold (property-based)", () => {
  it("a command changes its entity exactly when commandRefusal, at its occurred_at, lets it", () => {
    // How often each kind applied (a reopen of a closed loop too), and every refusal: the generator must reach them.
    const applied = { dismiss: 0, resolve: 0, snooze: 0, reopen: 0, reopenClosed: 0 };
    const reasons = new Set<string>();
    fc.assert(
      fc.property(scenario, ({ steps }) => {
        const states = new Map<string, EntityState>();
        for (const e of buildLog(steps).flatMap((b) => b.events)) {
          const ref = refOf(e);
          const before = states.get(entityKey(ref)) ?? initialEntityState(ref.type, ref.id, ref.org_id);
          const after = evolveEntity(before, e);
          states.set(entityKey(ref), after);
          if (!isCommand(e)) continue;
          const kind = COMMAND_KIND[e.event_type];
          const refusal = commandRefusal(before, e.payload.loop_id, kind, Date.parse(e.occurred_at));
          const changed = withoutVersion(after) !== withoutVersion(before);
          if (refusal !== null) {
            expect(changed, `${e.event_type} refused (${refusal}) yet folded`).toBe(false);
            reasons.add(refusal);
            continue;
          }
          // A snooze to the very instant it already runs to changes nothing, and needs nothing.
          const sameSnooze = kind === "snooze" && !changed;
          if (!sameSnooze) expect(changed, `${e.event_type} allowed yet ignored`).toBe(true);
          applied[kind]++;
          if (kind === "reopen" && wasClosed(before, e.payload.loop_id)) applied.reopenClosed++;
        }
      }),
      { numRuns: 300 },
    );
    for (const [kind, n] of Object.entries(applied)) expect(n, `${kind} applied`).toBeGreaterThan(0);
    expect([...reasons].sort()).toEqual(["closed_by_event", "no_such_loop", "not_active", "nothing_to_undo", "twin"]);
  }, 30_000);
});
