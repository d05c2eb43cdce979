import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousCaller, apiCaller, newOrg, sessionCaller } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { callError } from "../../../tests/helpers/trpc-errors";
import { createPool } from "../db/pool";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "../http/database-outage";
import type { CreatedOrg } from "../orgs/create-org";

// Issue 8, finding 4: with the database out of reach, every procedure answers 503 with a plain
// message, never a 500 with the driver's text. (The production server's answer, Retry-After and
// all, is tested in tests/e2e/outage.spec.ts.)

let db: TestDb;
let org: CreatedOrg;
let dead: pg.Pool;
beforeAll(async () => {
  db = await createTestDb();
  org = await newOrg(db.pool);
  dead = createPool(`postgresql://postgres@127.0.0.1:${await closedPort()}/calm`, 2);
});
afterAll(async () => {
  await dead?.end();
  await db?.drop();
});

/** A port nothing listens on: one the OS just handed out and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe("a database out of reach", () => {
  it("makes every kind of procedure a 503 with the plain message, not a 500 naming the address", async () => {
    const calls = [
      () => apiCaller(dead, org).events.append(leadCreated()),
      () => apiCaller(dead, org).events.appendBatch({ events: [leadCreated()] }),
      () => apiCaller(dead, org).loops.list({}),
      () => sessionCaller(dead, org).activity.list({}),
      () => sessionCaller(dead, org).entities.timeline({ type: "deal", id: org.orgId }),
    ];
    for (const call of calls) {
      const err = await callError(call());
      expect({ code: err.code, httpStatus: err.httpStatus, message: err.message }).toEqual({
        code: "SERVICE_UNAVAILABLE", httpStatus: 503, message: DATABASE_UNAVAILABLE,
      });
      expect(JSON.stringify(err)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    }
  });

  it("leaves system.health answering: status words saying down, no error text", async () => {
    const words = await anonymousCaller(dead).system.health();
    expect(words).toMatchObject({ status: "down", database: "down", projector: "unknown" });
    expect(JSON.stringify(words)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|error/);
  });

  it("recognises a connection the server ends under a running query (57P01, as a Postgres shutdown does)", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    client.on("error", () => undefined);
    const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const running = client.query("SELECT pg_sleep(30)").then(() => null, (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    await db.pool.query("SELECT pg_terminate_backend($1)", [pid]);
    const error = await running;
    expect((error as { code?: string }).code).toBe("57P01");
    expect(isDatabaseUnavailable(error)).toBe(true);
    await client.end().catch(() => undefined);
  });

  it("keeps request errors what they were: a bad cursor is still a 400", async () => {
    const err = await callError(apiCaller(db.pool, org).loops.list({ cursor: "not-a-cursor" }));
    expect(err).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
  });
});
