import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ENV_RULES } from "~/env";
import { judgeAnswer } from "./ack";

const ID = "0195f3a2-7c1e-7a10-9d2e-3b4c5d6e7f80";
const NO_ECHO = "2xx without the event-id echo (DELIVERY_ACK=echo)";

describe("judgeAnswer: what a webhook's answer proves", () => {
  it("echo: a 2xx counts only with {received: <the event id>}", () => {
    expect(judgeAnswer("echo", 200, `{"received":"${ID}"}`, ID)).toEqual({ ok: true, status: 200 });
    expect(judgeAnswer("echo", 202, ` { "received": "${ID}", "workflow": "calm" } `, ID)).toEqual({ ok: true, status: 202 });
  });

  it("echo: an empty, foreign, malformed or oversized 2xx answer is a failed attempt that says why", () => {
    expect(judgeAnswer("echo", 200, "", ID)).toEqual({ ok: false, error: `${NO_ECHO}: HTTP 200 with an empty body` });
    expect(judgeAnswer("echo", 200, `{"received":"${ID.toUpperCase()}"}`, ID)).toMatchObject({ ok: false });
    expect(judgeAnswer("echo", 200, `{"received":"another-id"}`, ID)).toEqual({
      ok: false,
      error: `${NO_ECHO}: HTTP 200 answering "{\\"received\\":\\"another-id\\"}"`,
    });
    for (const body of ['{"ok":true}', `["${ID}"]`, `"${ID}"`, "null", "not json", `{"received":{"id":"${ID}"}}`]) {
      expect(judgeAnswer("echo", 200, body, ID), body).toMatchObject({ ok: false, error: expect.stringContaining(NO_ECHO) as string });
    }
    expect(judgeAnswer("echo", 204, null, ID)).toEqual({ ok: false, error: `${NO_ECHO}: HTTP 204 with an answer over 16 KiB` });
    expect((judgeAnswer("echo", 200, "x".repeat(5000), ID) as { error: string }).error.length).toBeLessThan(220);
  });

  it("status: any 2xx counts, with or without a body", () => {
    expect(judgeAnswer("status", 200, "", ID)).toEqual({ ok: true, status: 200 });
    expect(judgeAnswer("status", 299, null, ID)).toEqual({ ok: true, status: 299 });
  });

  it("either mode: anything but a 2xx fails with its status, echo or not", () => {
    for (const mode of ["echo", "status"] as const) {
      expect(judgeAnswer(mode, 500, `{"received":"${ID}"}`, ID)).toEqual({ ok: false, error: "HTTP 500" });
      expect(judgeAnswer(mode, 301, "", ID)).toEqual({ ok: false, error: "HTTP 301" });
      expect(judgeAnswer(mode, 401, "", ID)).toEqual({ ok: false, error: "HTTP 401" });
    }
  });
});

describe("DELIVERY_ACK in the environment", () => {
  const rules = z.object({ DELIVERY_ACK: ENV_RULES.DELIVERY_ACK });
  it("defaults to echo, takes status, and refuses anything else naming the choices", () => {
    expect(rules.parse({}).DELIVERY_ACK).toBe("echo");
    expect(rules.parse({ DELIVERY_ACK: "status" }).DELIVERY_ACK).toBe("status");
    const bad = rules.safeParse({ DELIVERY_ACK: "2xx" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["DELIVERY_ACK"], message: "must be echo or status" });
  });
});
