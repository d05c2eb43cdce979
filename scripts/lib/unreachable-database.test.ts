import { describe, expect, it } from "vitest";
import { unreachableDatabase } from "./unreachable-database";

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:54329"), { code: "ECONNREFUSED" });

describe("a database that does not answer", () => {
  it("without DATABASE_URL: start the app first (it serves the embedded Postgres), or set DATABASE_URL", () => {
    expect(unreachableDatabase(refused, "postgresql://postgres@127.0.0.1:54329/postgres", true)).toBe(
      "No database answers at 127.0.0.1:54329: without DATABASE_URL, scripts use the embedded Postgres that `npm start` serves. Start the app first (npm start, in another terminal), or set DATABASE_URL.",
    );
  });

  it("with DATABASE_URL: names that host, never its password", () => {
    const line = unreachableDatabase(refused, "postgresql://calm:s3cret@db.internal:5432/calm", false);
    expect(line).toBe("No database answers at db.internal:5432 (DATABASE_URL): start that Postgres, or point DATABASE_URL at one that runs.");
  });

  it("also when every address of a host refused (AggregateError) or the host is unknown", () => {
    const url = "postgresql://postgres@localhost:5432/calm";
    expect(unreachableDatabase(new AggregateError([refused, refused]), url, false)).not.toBeNull();
    expect(unreachableDatabase(Object.assign(new Error("getaddrinfo ENOTFOUND db"), { code: "ENOTFOUND" }), url, false)).not.toBeNull();
  });

  it("is not the answer to other errors", () => {
    const url = "postgresql://postgres@127.0.0.1:5432/calm";
    expect(unreachableDatabase(Object.assign(new Error('relation "orgs" does not exist'), { code: "42P01" }), url, false)).toBeNull();
    expect(unreachableDatabase("boom", url, false)).toBeNull();
  });
});
