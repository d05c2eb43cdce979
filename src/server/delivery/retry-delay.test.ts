import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./retry-delay";

describe("retryDelayMs", () => {
  it("doubles from the reclaim idle time per delivery, is capped, and is 0 for an entry never delivered", () => {
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000))).toEqual([0, 30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20, 30_000)).toBe(3_600_000);
    expect(retryDelayMs(3, 400, 1000)).toBe(1000);
    // Eight attempts with the defaults span about an hour before the dead-letter stream.
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((s, n) => s + retryDelayMs(n, 30_000), 0);
    expect(total / 60_000).toBeCloseTo(63.5, 0);
  });
});
