import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "~/domain/events";
import { packInstants, packTypes, unpackInstants, unpackTypes } from "./compact";

describe("the compact form of an entity's instants and types", () => {
  it("round-trips any instants, in any order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 32_503_680_000_000 })), (ms) => {
        expect(unpackInstants(packInstants(ms))).toEqual(ms);
      }),
    );
  });

  it("keeps instants an hour apart short", () => {
    const ms = [1_793_000_000_000, 1_793_003_600_000, 1_793_003_600_000];
    expect(packInstants(ms)).toEqual([1_793_000_000_000, 3_600_000, 0]);
  });

  it("round-trips event types by their catalog index", () => {
    expect(unpackTypes(packTypes(EVENT_TYPES))).toEqual(EVENT_TYPES);
    expect(packTypes(["lead_created", "note_added"])).toEqual([EVENT_TYPES.indexOf("lead_created"), EVENT_TYPES.indexOf("note_added")]);
  });
});
