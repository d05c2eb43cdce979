import { describe, expect, it } from "vitest";
import type { Health } from "./check-health";
import { publicHealth } from "./public-health";

const full = (over: Partial<Health> = {}): Health => ({
  status: "degraded",
  database: { up: true, latencyMs: 3 },
  redis: { configured: true, up: false, error: "connect ECONNREFUSED 10.0.0.7:6379" },
  subscribers: [{ id: "open-loops", lagEvents: 12, lagSeconds: 75, checkpointPosition: 123_456 }],
  oldestTransactionSeconds: 42,
  relay: { configured: true, stream: "calm:events", lagEvents: 3, lagSeconds: 2, checkpointPosition: 99, streamLength: 7, lastError: "READONLY" },
  delivery: { configured: true, status: "retrying", pending: 4, deadLetters: 1 },
  checkedAt: "2026-12-01T10:00:00.000Z",
  ...over,
});

describe("publicHealth", () => {
  it("gives one word per part and nothing else: no error text, positions, counts or ages", () => {
    const words = publicHealth(full());
    expect(words).toEqual({
      status: "degraded", database: "up", redis: "down", projector: "lagging", timeMachine: "ok", relay: "ok", delivery: "retrying",
      checkedAt: "2026-12-01T10:00:00.000Z",
    });
    const text = JSON.stringify(words);
    for (const leak of ["ECONNREFUSED", "10.0.0.7", "123456", "READONLY", "42", "calm:events"]) expect(text).not.toContain(leak);
  });

  it("tells the time machine's history lagging apart from the open loops", () => {
    const history = full({ subscribers: [{ id: "open-loops", lagEvents: 0, lagSeconds: 0, checkpointPosition: 9 }, { id: "loop-history", lagEvents: 900, lagSeconds: 120, checkpointPosition: 1 }] });
    expect(publicHealth(history)).toMatchObject({ projector: "ok", timeMachine: "lagging" });
  });

  it("says down, unknown and off where the full report has no figures", () => {
    const down = full({ status: "down", database: { up: false, error: "connect ECONNREFUSED 127.0.0.1:5440" }, subscribers: [], relay: { configured: false }, delivery: { configured: false, status: "off" } });
    expect(publicHealth(down)).toEqual({
      status: "down", database: "down", redis: "down", projector: "unknown", timeMachine: "unknown", relay: "off", delivery: "off", checkedAt: down.checkedAt,
    });
    expect(publicHealth(full({ redis: { configured: false, up: false } })).redis).toBe("off");
  });
});
