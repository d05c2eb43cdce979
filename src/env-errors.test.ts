import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeEnvIssues } from "./env-errors";
import { ENV_RULES } from "./env";

const VALID = { SESSION_SECRET: "s".repeat(32), WORKER_SECRET: "w".repeat(16) };

/** What a start-up with these variables prints, one line per bad variable. */
function linesFor(vars: Record<string, string | undefined>): string[] {
  const r = z.object(ENV_RULES).safeParse(vars);
  return r.success ? [] : describeEnvIssues(r.error.issues, vars);
}

describe("a bad environment, as start-up reports it", () => {
  it("names the variable, says what it must be and what it got", () => {
    expect(linesFor({ ...VALID, PORT: "abc" })).toEqual(['PORT: must be a whole number from 1 to 65535 (got "abc")']);
    expect(linesFor({ ...VALID, PORT: "99999" })).toEqual(['PORT: must be a whole number from 1 to 65535 (got "99999")']);
    expect(linesFor({ ...VALID, WORKER_DISABLED: "yes" })).toEqual(['WORKER_DISABLED: must be 0 or 1 (got "yes")']);
    expect(linesFor({ ...VALID, DATABASE_POOL_MIN: "-1" })).toEqual(['DATABASE_POOL_MIN: must be a whole number from 0 to 200 (got "-1")']);
    expect(linesFor({ ...VALID, DATABASE_URL: "localhost:5432" })).toEqual([
      'DATABASE_URL: must be a URL such as postgresql://postgres@127.0.0.1:5432/calm (got "localhost:5432")',
    ]);
  });

  it("says it once per variable, however many rules the value breaks", () => {
    expect(linesFor({ ...VALID, PORT: "-1.5" })).toEqual(['PORT: must be a whole number from 1 to 65535 (got "-1.5")']);
  });

  it("gives one line to each bad variable, and none to the good ones", () => {
    expect(linesFor({ ...VALID, PORT: "0", DATABASE_POOL_SIZE: "ten", REDIS_STREAM_MAXLEN: "10" })).toEqual([
      'DATABASE_POOL_SIZE: must be a whole number from 1 to 200 (got "ten")',
      'PORT: must be a whole number from 1 to 65535 (got "0")',
      'REDIS_STREAM_MAXLEN: must be a whole number of at least 1000 (got "10")',
    ]);
    expect(linesFor({ ...VALID, PORT: "3001" })).toEqual([]);
  });

  it("never shows a secret, only its length, and says when it is missing", () => {
    expect(linesFor({ ...VALID, SESSION_SECRET: "hunter2" })).toEqual(["SESSION_SECRET: must be at least 32 characters (got 7 characters)"]);
    expect(linesFor({ WORKER_SECRET: VALID.WORKER_SECRET })).toEqual(["SESSION_SECRET: must be set, at least 32 characters (not set)"]);
  });

  it("hides a URL's password", () => {
    const issue = { message: "must be reachable", path: ["DATABASE_URL"] };
    expect(describeEnvIssues([issue], { DATABASE_URL: "postgresql://calm:s3cret@db:5432/calm" })).toEqual([
      'DATABASE_URL: must be reachable (got "postgresql://calm:***@db:5432/calm")',
    ]);
  });
});
