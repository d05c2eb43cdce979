import { describe, expect, it } from "vitest";
import { withBackoff } from "./backoff";

describe("withBackoff", () => {
  it("fails fast without calling the job until its retry time, doubling per failure, and resets on success", async () => {
    let t = 0;
    let calls = 0;
    let failing = true;
    const job = withBackoff(
      "relay",
      async () => {
        calls++;
        if (failing) throw new Error("connect ECONNREFUSED");
        return "ok";
      },
      { now: () => t, baseMs: 1000, maxMs: 4000 },
    );
    await expect(job.run()).rejects.toThrow("ECONNREFUSED");
    await expect(job.run()).rejects.toThrow(/backing off after 1 failed pass\(es\), next attempt in 1s/);
    expect(calls).toBe(1);
    t = 1000;
    await expect(job.run()).rejects.toThrow("ECONNREFUSED");
    expect(job.state).toMatchObject({ failures: 2, retryAt: 3000 });
    t = 3000;
    await expect(job.run()).rejects.toThrow("ECONNREFUSED");
    t = 7000;
    await expect(job.run()).rejects.toThrow("ECONNREFUSED");
    expect(job.state.retryAt).toBe(11_000); // capped at maxMs
    failing = false;
    t = 11_000;
    await expect(job.run()).resolves.toBe("ok");
    expect(job.state).toMatchObject({ failures: 0, retryAt: 0, lastError: null, lastOkAt: 11_000 });
    expect(calls).toBe(5);
  });
});
