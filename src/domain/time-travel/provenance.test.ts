import { describe, expect, it } from "vitest";
import { DEAL, TestLog } from "../testing/fixtures";
import { provenanceEvents } from "./provenance";
import { replayAsOf } from "./replay-as-of";

const ref = (id: string) => ({ id });

describe("provenanceEvents", () => {
  it("keeps the events that opened or closed a loop, in the order given, and nothing else", () => {
    const events = ["a", "b", "c", "d", "e"].map(ref);
    const loops = [
      { opened_by_event_id: "d", closed_by_event_id: null },
      { opened_by_event_id: "b", closed_by_event_id: "e" },
    ];
    expect(provenanceEvents(events, loops).map((e) => e.id)).toEqual(["b", "d", "e"]);
  });

  it("is empty without loops, and ignores loops whose events are not among those given", () => {
    expect(provenanceEvents([ref("a")], [])).toEqual([]);
    expect(provenanceEvents([ref("a")], [{ opened_by_event_id: "x", closed_by_event_id: "y" }])).toEqual([]);
  });

  it("on a replay: the lead that opened new_lead and the request that closed it and opened quote_needed, not the note", () => {
    const log = new TestLog();
    const lead = log.add(DEAL, "lead_created", { name: "Ada" }, "2025-01-06T09:00:00Z");
    log.add(DEAL, "note_added", { text: "called" }, "2025-01-06T10:00:00Z");
    const request = log.add(DEAL, "quote_requested", {}, "2025-01-07T09:00:00Z");
    const replay = replayAsOf(log.events, new Date("2025-01-08T00:00:00Z"), "occurred");
    expect(replay.loops.map((l) => [l.type, l.status])).toEqual(
      expect.arrayContaining([["new_lead", "resolved"], ["quote_needed", "active"]]),
    );
    expect(provenanceEvents(replay.events, replay.loops).map((e) => e.id)).toEqual([lead.id, request.id]);
  });
});
