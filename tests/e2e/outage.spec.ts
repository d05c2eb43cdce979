import { randomUUID } from "node:crypto";
import { applyMigrations } from "../../src/server/db/migrate/apply-migrations";
import { createPool } from "../../src/server/db/pool";
import { createOrg } from "../../src/server/orgs/create-org";
import { expect, test } from "./fixtures";
import { freePort, startNextServer } from "./helpers/next-server";
import { startPrivatePostgres } from "./helpers/private-postgres";

// Issue 8, finding 4, on the production server: with its database out of reach, every call answers
// 503 with Retry-After and a plain message; the driver's words ("connect ECONNREFUSED
// 127.0.0.1:5440") stay in the server log.

const PLAIN = "the database is unavailable; retry shortly";
const lead = () => ({
  id: randomUUID(), event_type: "lead_created", occurred_at: new Date().toISOString(),
  actor: { id: randomUUID(), type: "system" }, primary_entity: { id: randomUUID(), type: "deal" }, payload: { name: "Outage lead" },
});

/** Calls the API the ways clients do; each answer's status, Retry-After and body. */
async function callAll(base: string, key: string) {
  const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const requests: [string, RequestInit][] = [
    ["/api/trpc/events.append", { method: "POST", headers: auth, body: JSON.stringify(lead()) }],
    ["/api/trpc/events.appendBatch", { method: "POST", headers: auth, body: JSON.stringify({ events: [lead()] }) }],
    [`/api/trpc/loops.list?input=${encodeURIComponent("{}")}`, { headers: auth }],
    [`/api/trpc/loops.list,loops.summary?batch=1&input=${encodeURIComponent('{"0":{},"1":{}}')}`, { headers: auth }],
    ["/api/trpc/system.health", {}],
  ];
  return Promise.all(
    requests.map(async ([path, init]) => {
      const res = await fetch(base + path, init);
      return { path, status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.text() };
    }),
  );
}

test("a database nothing listens on: every tRPC call is a 503 with Retry-After and the plain message; health says down", async () => {
  const server = await startNextServer({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/calm` });
  try {
    for (const answer of await callAll(server.url, "calm_not-a-real-key-0000000000000000000000000")) {
      if (answer.path === "/api/trpc/system.health") {
        expect(answer.status, answer.body).toBe(200); // the probe itself answers: its words say down
        expect(JSON.parse(answer.body).result.data).toMatchObject({ status: "down", database: "down" });
        continue;
      }
      expect(answer, answer.path).toMatchObject({ status: 503, retryAfter: "5" });
      expect(answer.body).toContain(PLAIN);
      expect(answer.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
    }
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toBe("5");
    const words = await health.json();
    expect(words).toMatchObject({ status: "down", database: "down" });
    expect(JSON.stringify(words)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|error/);
    // The details are in the server's log, for the operator.
    expect(server.output()).toMatch(/ECONNREFUSED/);
  } finally {
    await server.stop();
  }
});

test("a Postgres that stops while the server runs: 503s during, answers again once it is back", async () => {
  test.setTimeout(120_000);
  const pg = await startPrivatePostgres();
  let server: Awaited<ReturnType<typeof startNextServer>> | undefined;
  try {
    await applyMigrations(pg.url());
    const pool = createPool(pg.url(), 1);
    const org = await createOrg(pool, { name: "Outage Org" }).finally(() => pool.end());
    server = await startNextServer({ DATABASE_URL: pg.url(), DATABASE_POOL_SIZE: "3" });

    const before = await callAll(server.url, org.apiKey);
    expect(before.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);

    await pg.stop();
    const during = await callAll(server.url, org.apiKey);
    for (const answer of during.filter((a) => a.path !== "/api/trpc/system.health")) {
      expect(answer, answer.path).toMatchObject({ status: 503, retryAfter: "5" });
      expect(answer.body).toContain(PLAIN);
      expect(answer.body).not.toMatch(/ECONNREFUSED|terminat|127\.0\.0\.1/);
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(503);

    await pg.start();
    await expect(async () => {
      const after = await callAll(server!.url, org.apiKey);
      expect(after.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    }).toPass({ timeout: 30_000 });
  } finally {
    await server?.stop();
    await pg.remove();
  }
});
