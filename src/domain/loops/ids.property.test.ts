import { createHash } from "node:crypto";
import fc from "fast-check";
import { v5 as uuidv5 } from "uuid";
import { describe, expect, it } from "vitest";
import { LOOP_ID_NAMESPACE, loopId, notificationId } from "./ids";
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

  it("notificationId keeps its stored spelling: the instant's 48 bits, then the v5 of the change with version 8", () => {
    // Outbox rows and receivers dedupe on these ids: a new spelling would send a change twice.
    const reference = (loop: string, change: string, at: string, cause: string | null) => {
      const hashed = uuidv5(`notification:${loop}:${change}:${at}:${cause ?? "time"}`, LOOP_ID_NAMESPACE);
      const ms = Math.max(0, Date.parse(at)).toString(16).padStart(12, "0").slice(-12);
      return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-8${hashed.slice(15)}`;
    };
    const instant = fc.date({ min: new Date("0001-01-01T00:00:00.000Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true });
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom("opened", "closed", "escalated"), instant, fc.option(fc.uuid()), (loop, change, at, cause) => {
        const iso = at.toISOString();
        expect(notificationId(loop, change, iso, cause)).toBe(reference(loop, change, iso, cause));
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
