import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EntityState, foldAll, parseEntityState } from "~/domain/entities";
import { buildLog, scenario } from "~/domain/testing/arbitrary-log";
import { DEAL, TestLog, stateOf } from "~/domain/testing/fixtures";
import { decodeState, encodeState } from "./state-codec";

/** What the row's own columns hold. */
const rowOf = (s: { org_id: string; entity_type: string; entity_id: string; version: number }) => ({
  org_id: s.org_id,
  type: s.entity_type,
  id: s.entity_id,
  version: s.version,
});

function lead(): EntityState {
  const log = new TestLog();
  log.add(DEAL, "lead_created", { name: "Jane Doe" }, "2026-01-05T09:00:00.000Z");
  return stateOf(log.events);
}

/** Through the database's JSON and back, as entities.state travels. */
const stored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("stored entity states (state-codec)", () => {
  it("decode(encode(state)) is the state, for every state a random log folds to", () => {
    fc.assert(
      fc.property(scenario, ({ steps }) => {
        for (const state of foldAll(buildLog(steps).flatMap((b) => b.events)).values()) {
          expect(parseEntityState(decodeState(stored(encodeState(state)), rowOf(state)))).toEqual(state);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("stores records as rows of values, without their keys or the row's own columns", () => {
    const value = stored(encodeState(lead())) as Record<string, unknown>;
    expect(value).not.toHaveProperty("org_id");
    expect(value).not.toHaveProperty("version");
    expect(value).toMatchObject({ name: "Jane Doe", stage: "lead" });
    expect((value.loops as unknown[][])[0]).toContain("new_lead");
    expect(JSON.stringify(value)).not.toContain("opened_by_event_id");
  });

  it("refuses a state stored under other record layouts, or not in this form at all", () => {
    const state = lead();
    const value = stored(encodeState(state)) as Record<string, unknown>;
    const row = rowOf(state);
    expect(() => decodeState({ ...value, "#": "other" }, row)).toThrow(/layout/);
    expect(() => decodeState({ ...value, loops: [[...(value.loops as unknown[][])[0]!, null]] }, row)).toThrow(/layout/);
    const { "#": _signature, ...plain } = value;
    expect(() => decodeState(plain, row)).toThrow(/layout/);
    expect(() => decodeState(null, row)).toThrow();
  });
});
