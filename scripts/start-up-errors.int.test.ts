import net from "node:net";
import { describe, expect, it } from "vitest";
import { runScript } from "../tests/helpers/run-script";

// What a newcomer sees when start-up goes wrong: one line per problem and what to do, no stack.

const run = runScript;

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const STACK_LINE = /^\s+at /m;

describe("npm start with a bad environment", () => {
  it.each(["abc", "99999"])("PORT=%s stops with the variable's name and what it must be", async (port) => {
    const out = await run("scripts/start.ts", [], { PORT: port });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`PORT: must be a whole number from 1 to 65535 (got "${port}")`);
    expect(out.stderr).not.toMatch(STACK_LINE);
    expect(out.stderr).not.toContain("RangeError");
  });

  it("gives every bad variable its own line, without showing a secret", async () => {
    const out = await run("scripts/start.ts", [], { PORT: "x", SESSION_SECRET: "too-short", DATABASE_POOL_SIZE: "0" });
    expect(out.code).toBe(1);
    const lines = out.stderr.trim().split("\n");
    expect(lines.filter((l) => /^\[start\]\s+[A-Z_]+: /.test(l)).map((l) => l.replace(/^\[start\]\s+/, ""))).toEqual([
      'DATABASE_POOL_SIZE: must be a whole number from 1 to 200 (got "0")',
      'PORT: must be a whole number from 1 to 65535 (got "x")',
      "SESSION_SECRET: must be at least 32 characters (got 9 characters)",
    ]);
    expect(out.stderr).not.toContain("too-short");
    expect(out.stderr).not.toMatch(STACK_LINE);
  });
});

describe("a script with a bad environment", () => {
  it("org:create names the bad variable, without a stack or a dump of issues", async () => {
    const out = await run("scripts/org-create.ts", ["--name", "Acme"], { PORT: "abc" });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('PORT: must be a whole number from 1 to 65535 (got "abc")');
    expect(out.stderr).not.toMatch(STACK_LINE);
    expect(out.stderr).not.toContain("[{");
  });
});

describe("org:create when the database is not running", () => {
  it("says so in one line and writes nothing to stdout", async () => {
    const port = await closedPort();
    const out = await run("scripts/org-create.ts", ["--name", "Acme"], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/postgres` });
    expect(out.code).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr.trim().split("\n")).toEqual([
      `No database answers at 127.0.0.1:${port} (DATABASE_URL): start that Postgres, or point DATABASE_URL at one that runs.`,
    ]);
  });
});

describe("npm start refuses what would expose the app (issue 8, findings 16 and 1)", () => {
  const external = { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/calm" };
  const published = { SESSION_SECRET: "dev-only-session-secret-change-me-0123456789", WORKER_SECRET: "dev-only-worker-secret-change-me" };

  it("the published example secrets with an external database: refused, one line each, before touching the database", async () => {
    const out = await run("scripts/start.ts", [], { ...external, ...published });
    expect(out.code).toBe(1);
    const lines = out.stderr.trim().split("\n").map((l) => l.replace(/^\[start\]\s+/, ""));
    expect(lines.filter((l) => /^[A-Z_]+: /.test(l)).map((l) => l.split(":")[0])).toEqual(["SESSION_SECRET", "WORKER_SECRET"]);
    expect(out.stderr).toContain("is the published example value");
    expect(out.stderr).not.toContain("dev-only");
    expect(out.stderr).not.toMatch(STACK_LINE);
  });

  it("serving other machines (HOST=0.0.0.0) without APP_URL: refused, saying what to set", async () => {
    const out = await run("scripts/start.ts", [], { ...external, HOST: "0.0.0.0", APP_URL: "" });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("HOST=0.0.0.0 serves other machines: set APP_URL");
  });

  it("the published secrets are refused by the app itself too (a worker, next start), not only by npm start", async () => {
    const out = await run("scripts/org-create.ts", ["--name", "Acme"], { ...external, ...published });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("SESSION_SECRET: is the published example value");
    expect(out.stdout).toBe("");
  });
});
