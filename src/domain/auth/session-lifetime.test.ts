import { describe, expect, it } from "vitest";
import { judgeSession, needsTouch, sessionExpiry, sessionPolicy } from "./session-lifetime";

const DAY = 24 * 60 * 60_000;
const policy = sessionPolicy(7, 30);
const t0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const fresh = { lastSeenAt: t0, expiresAt: sessionExpiry(t0, policy), revokedAt: null };

describe("session lifetime", () => {
  it("lives until idle for 7 days or 30 days old, whichever comes first; revoked is revoked", () => {
    expect(judgeSession(fresh, at(7 * DAY - 1), policy)).toBe("active");
    expect(judgeSession(fresh, at(7 * DAY), policy)).toBe("idle");
    expect(judgeSession({ ...fresh, lastSeenAt: at(29 * DAY) }, at(30 * DAY - 1), policy)).toBe("active");
    expect(judgeSession({ ...fresh, lastSeenAt: at(29 * DAY) }, at(30 * DAY), policy)).toBe("expired");
    expect(judgeSession({ ...fresh, revokedAt: t0 }, t0, policy)).toBe("revoked");
  });

  it("last use is written at most once a minute", () => {
    expect(needsTouch(t0, at(59_999))).toBe(false);
    expect(needsTouch(t0, at(60_000))).toBe(true);
  });
});
