import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-outage";

const withCode = (code: string, message = "x", extra: object = {}) => Object.assign(new Error(message), { code, ...extra });

describe("isDatabaseUnavailable", () => {
  it("recognises a refused, reset or timed-out connection, also inside an AggregateError or a cause", () => {
    expect(isDatabaseUnavailable(withCode("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5440"))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")]))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: withCode("ETIMEDOUT") }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("ENOENT", "connect ENOENT /tmp/.s.PGSQL.5432", { syscall: "connect" }))).toBe(true);
  });

  it("recognises the SQLSTATEs of a server that cannot serve now", () => {
    for (const code of ["57P01", "57P02", "57P03", "53300", "08006", "08001", "3D000", "28P01"]) expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
  });

  it("leaves request errors and other failures alone", () => {
    for (const code of ["23505", "22P02", "40P01", "P0001", "57014", "42703"]) expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    expect(isDatabaseUnavailable(withCode("ENOENT", "no such file", { syscall: "open" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});
