import { describe, expect, it } from "vitest";
import { type ThrottlePolicy, afterFailure, afterSuccess, delayAfter, waitBeforeAttempt } from "./throttle";

const p: ThrottlePolicy = { free: 3, baseMs: 1000, capMs: 10_000, forgetMs: 60_000 };
const t = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);

describe("sign-in throttle policy", () => {
  it("free failures cost nothing; then the wait doubles up to the cap, never beyond", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 100].map((f) => delayAfter(f, p))).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it("each failure sets when the next attempt may be checked", () => {
    let s = afterFailure(undefined, t(0), p);
    for (let i = 0; i < 3; i++) s = afterFailure(s, t(0), p);
    expect(s.failures).toBe(4);
    expect(waitBeforeAttempt(s, t(0))).toBe(1000);
    expect(waitBeforeAttempt(s, t(400))).toBe(600);
    expect(waitBeforeAttempt(s, t(1000))).toBe(0);
    expect(waitBeforeAttempt(undefined, t(0))).toBe(0);
  });

  it("a key quiet for forgetMs starts over", () => {
    let s = afterFailure(undefined, t(0), p);
    for (let i = 0; i < 5; i++) s = afterFailure(s, t(0), p);
    expect(afterFailure(s, t(59_999), p).failures).toBe(7);
    expect(afterFailure(s, t(60_000), p)).toEqual({ failures: 1, lastFailureAt: t(60_000), notBefore: t(60_000) });
  });

  it("a success takes back the failure counted for it and leaves no wait", () => {
    let s = afterFailure(undefined, t(0), p);
    for (let i = 0; i < 4; i++) s = afterFailure(s, t(0), p);
    expect(s).toMatchObject({ failures: 5 });
    expect(afterSuccess(s, t(10))).toEqual({ failures: 4, lastFailureAt: t(0), notBefore: t(10) });
  });
});
