import { describe, expect, it } from "vitest";
import { describeHealth, type HealthView } from "./health-words";

const up: HealthView = {
  status: "ok",
  database: { up: true },
  redis: { configured: true, up: true },
  subscribers: [{ id: "open-loops", lagEvents: 0, lagSeconds: 0 }],
};

describe("describeHealth", () => {
  it("says caught up when nothing is behind", () => {
    expect(describeHealth(up, false)).toEqual({ tone: "ok", text: "Caught up" });
  });
  it("tells catching up from lagging by how long the oldest unprojected event has waited", () => {
    const busy = { ...up, subscribers: [{ id: "open-loops", lagEvents: 3, lagSeconds: 2 }] };
    expect(describeHealth(busy, false)).toEqual({ tone: "busy", text: "Catching up: 3 events" });
    const late = { ...up, subscribers: [{ id: "open-loops", lagEvents: 1200, lagSeconds: 300 }] };
    expect(describeHealth(late, false)).toEqual({ tone: "warn", text: "Lagging 1,200 events" });
  });
  it("speaks of the open loops only: the time machine's history catching up is not the dashboard's lag", () => {
    const history = { ...up, subscribers: [{ id: "open-loops", lagEvents: 0, lagSeconds: 0 }, { id: "loop-history", lagEvents: 500, lagSeconds: 90 }] };
    expect(describeHealth(history, false)).toEqual({ tone: "ok", text: "Caught up" });
  });
  it("names the relay's state", () => {
    expect(describeHealth({ ...up, redis: { configured: false, up: false } }, false).text).toBe("Caught up · relay off");
    expect(describeHealth({ ...up, redis: { configured: true, up: false } }, false)).toEqual({
      tone: "warn",
      text: "Caught up · Redis unreachable",
    });
    expect(describeHealth({ ...up, relay: { lagEvents: 1 } }, false).text).toBe("Caught up · relay 1 event behind");
  });
  it("reports an unreachable server or database", () => {
    expect(describeHealth(undefined, true)).toEqual({ tone: "warn", text: "Can't reach the server" });
    expect(describeHealth({ ...up, database: { up: false } }, false).text).toBe("Database unreachable");
  });
});
