import { describe, expect, it } from "vitest";
import { messageType, topicOf, wants } from "./topics";

describe("webhook topics", () => {
  it("an entry without a kind is an event (entries written before kinds existed)", () => {
    expect(topicOf({ event_type: "lead_created" })).toEqual({ kind: "event", eventType: "lead_created" });
    expect(topicOf({ kind: "event", event_type: "note_added" })).toEqual({ kind: "event", eventType: "note_added" });
    expect(topicOf({ kind: "loop", change: "opened" })).toEqual({ kind: "loop", change: "opened" });
    expect(topicOf({ kind: "audit" })).toEqual({ kind: "other", name: "audit" });
  });

  it("event types: null wants every one, a list only those; loop changes only when listed", () => {
    const all = { eventTypes: null, loopChanges: [] };
    const some = { eventTypes: ["quote_sent"], loopChanges: ["opened", "closed"] };
    const lead = topicOf({ event_type: "lead_created" });
    expect(wants(all, lead)).toBe(true);
    expect(wants(some, lead)).toBe(false);
    expect(wants(some, topicOf({ event_type: "quote_sent" }))).toBe(true);
    expect(wants(all, topicOf({ kind: "loop", change: "opened" }))).toBe(false);
    expect(wants(some, topicOf({ kind: "loop", change: "opened" }))).toBe(true);
    expect(wants(some, topicOf({ kind: "loop", change: "escalated" }))).toBe(false);
    expect(wants({ eventTypes: [], loopChanges: [] }, lead)).toBe(false);
    expect(wants(all, topicOf({ kind: "audit" }))).toBe(false);
  });

  it("message types are namespaced by kind", () => {
    expect(messageType(topicOf({ event_type: "lead_created" }))).toBe("event.lead_created");
    expect(messageType(topicOf({ kind: "loop", change: "woke" }))).toBe("loop.woke");
  });
});
