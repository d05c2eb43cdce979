import { describe, expect, it } from "vitest";
import { eventIdOf } from "./stream-entry";

describe("eventIdOf", () => {
  it("reads an event entry's id, and none from a loop notification (which has no event_id field)", () => {
    expect(eventIdOf(["kind", "event", "event_id", "e1", "org_id", "o"])).toBe("e1");
    expect(eventIdOf(["event_id", "e2", "org_id", "o"])).toBe("e2");
    expect(eventIdOf(["kind", "loop", "notification_id", "n1", "loop_id", "l1"])).toBeUndefined();
    // A value that happens to read "event_id" is not the field name.
    expect(eventIdOf(["kind", "loop", "note", "event_id"])).toBeUndefined();
  });
});
