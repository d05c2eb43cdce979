import { createHash } from "node:crypto";
import fc from "fast-check";
import { v5 as uuidv5 } from "uuid";
import { describe, expect, it } from "vitest";
import { LOOP_ID_NAMESPACE, loopId } from "./ids";
import { sha1 } from "./sha1";
import { LOOP_TYPES } from "./types";

describe("loop ids, against reference implementations", () => {
  it("loopId equals the uuid library's v5 of `<event id>:<loop type>` in the loop namespace", () => {
    fc.assert(
      // Event ids are UUIDs; any other string (non-ASCII too) must hash the same way.
      fc.property(fc.oneof(fc.uuid(), fc.string({ unit: "binary", maxLength: 150 })), fc.constantFrom(...LOOP_TYPES), (event, type) => {
        expect(loopId(event, type)).toBe(uuidv5(`${event}:${type}`, LOOP_ID_NAMESPACE));
      }),
      { numRuns: 2000 },
    );
  });

  it("sha1 equals node:crypto's for any message, across block boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Buffer.from(sha1(bytes)).toString("hex")).toBe(createHash("sha1").update(bytes).digest("hex"));
      }),
      { numRuns: 2000 },
    );
    expect(Buffer.from(sha1(new TextEncoder().encode("abc"))).toString("hex")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  });
});
