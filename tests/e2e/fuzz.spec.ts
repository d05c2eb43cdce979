import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import type pg from "pg";
import { loopId } from "../../src/domain/loops";
import { applyMigrations } from "../../src/server/db/migrate/apply-migrations";
import { createPool } from "../../src/server/db/pool";
import { appendEvents } from "../../src/server/events/append";
import { createOrg } from "../../src/server/orgs/create-org";
import { runProjector } from "../../src/server/projector/open-loops-projector";
import { appRouter } from "../../src/server/trpc/root";
import { databaseUrl } from "../helpers/services";
import { adminQuery } from "../helpers/test-db";
import { expect, test } from "./fixtures";
import { type Credential, type FuzzCase, type OwnIds, type ProcedureInfo, fuzzCaseArb } from "./fuzz/cases";
import type { CanaryIds } from "./fuzz/odd-values";
import { type NextServer, startNextServer } from "./helpers/next-server";

// The fuzz suite (issue 8): generated requests to every tRPC procedure (over HTTP, on the
// production build) and to the routes and pages — wrong types, huge, deep and odd JSON, NUL and
// lone surrogates, extreme numbers and dates, another org's ids — asserting no 5xx, a server still
// healthy, and no effect on another org's data (a canary org's rows, byte for byte).
// It runs on its own database and server, so that its thousands of writes and failed sign-ins
// (throttled per client address) cannot disturb the other specs. FUZZ_CASES and FUZZ_SEED
// change the run; the seed is printed, and every failing request is listed.

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 6;

/** Every procedure of the router, with its kind: a procedure added later is fuzzed without a word here. */
function procedures(): ProcedureInfo[] {
  const all = (appRouter._def as unknown as { procedures: Record<string, { _def: { type: ProcedureInfo["type"] } }> }).procedures;
  return Object.entries(all).map(([path, p]) => ({ path, type: p._def.type }));
}

/** A hash of each table's rows of one org: any change to any of them changes it. */
async function snapshot(pool: pg.Pool, orgId: string): Promise<Record<string, string>> {
  const tables = await pool.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'org_id' ORDER BY table_name",
  );
  const out: Record<string, string> = {};
  for (const { table_name: t } of tables.rows) {
    const r = await pool.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x WHERE org_id = $1`,
      [orgId],
    );
    out[t] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
  }
  const org = await pool.query<{ h: string }>("SELECT md5(x::text) AS h FROM orgs x WHERE id = $1", [orgId]);
  out.orgs = org.rows[0]!.h;
  return out;
}

/** An org with a little history of everything (events, entities, loops), written before the server starts. */
async function seedCanary(pool: pg.Pool): Promise<CanaryIds> {
  const org = await createOrg(pool, { name: "Canary", password: randomBytes(12).toString("base64url") });
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
  const actor = { id: randomUUID(), type: "system" as const };
  const deal = { type: "deal" as const, id: randomUUID() };
  const invoice = { type: "invoice" as const, id: randomUUID() };
  const followup = { type: "followup" as const, id: randomUUID() };
  const events = [
    { id: randomUUID(), event_type: "lead_created", occurred_at: at(30), actor, primary_entity: deal, payload: { name: "Canary lead" } },
    { id: randomUUID(), event_type: "invoice_issued", occurred_at: at(40), actor, primary_entity: invoice, payload: { amount_cents: 5000, currency: "EUR", due_at: at(20), deal_id: deal.id } },
    { id: randomUUID(), event_type: "followup_scheduled", occurred_at: at(30), actor, primary_entity: followup, payload: { due_at: at(25), about: deal, note: "canary" } },
  ];
  await appendEvents(pool, { orgId: org.orgId }, events as never);
  while ((await runProjector(pool, () => new Date())).processed > 0);
  const key = await pool.query<{ id: string }>("SELECT id FROM api_keys WHERE org_id = $1", [org.orgId]);
  return {
    orgId: org.orgId, userId: org.userId, keyId: key.rows[0]!.id, eventIds: events.map((e) => e.id), entities: [deal, invoice, followup],
    loopIds: [loopId(events[0]!.id, "new_lead"), loopId(events[1]!.id, "invoice_overdue"), loopId(events[2]!.id, "followup_due")],
  };
}

type Sent = { status: number; body: string };

async function send(server: NextServer, c: FuzzCase, creds: { key: string; cookie: string }): Promise<Sent> {
  const headers: Record<string, string> = {};
  const credential = (cred: Credential) => {
    if (cred === "key") headers.authorization = `Bearer ${creds.key}`;
    else if (cred === "session") headers.cookie = creds.cookie;
    else if (cred === "bogus") headers.authorization = `Bearer calm_${randomBytes(20).toString("base64url")}`;
  };
  let url: string;
  let method: string;
  let body: string | Buffer | undefined;
  let subscription = false;
  if (c.kind === "trpc") {
    credential(c.credential);
    if (c.origin === "same") headers.origin = server.url;
    else if (c.origin === "other") headers.origin = "https://evil.example";
    const batch = c.calls.length > 1;
    const paths = c.calls.map((x) => x.path).join(",");
    const input = batch ? Object.fromEntries(c.calls.map((x, i) => [i, x.input])) : c.calls[0]!.input;
    subscription = c.calls.some((x) => x.type === "subscription");
    method = c.method;
    const query = new URLSearchParams(batch ? { batch: "1" } : {});
    if (method === "GET") {
      if (input !== undefined) query.set("input", JSON.stringify(input) ?? "");
    } else {
      headers["content-type"] = "application/json";
      body = c.raw ?? (input === undefined ? "" : JSON.stringify(input));
    }
    url = `${server.url}/api/trpc/${paths}${query.size ? `?${query}` : ""}`;
  } else {
    for (const [k, v] of Object.entries(c.headers)) {
      if (k === "__credential") credential(v as Credential);
      else if (k === "__origin") {
        if (v === "same") headers.origin = server.url;
        else if (v === "other") headers.origin = "https://evil.example";
      } else headers[k] = v;
    }
    url = server.url + c.path;
    method = c.method;
    body = c.body;
  }
  const abort = new AbortController();
  const payload = method === "GET" || method === "HEAD" || body === undefined ? undefined : typeof body === "string" ? body : new Uint8Array(body);
  const res = await fetch(url, { method, headers, body: payload, redirect: "manual", signal: abort.signal });
  if (subscription) {
    abort.abort(); // an open event stream: its status is the answer
    return { status: res.status, body: "" };
  }
  return { status: res.status, body: (await res.text()).slice(0, 300) };
}

/** A failing request in a few hundred characters (deep values are cut off where they nest). */
function describeCase(c: FuzzCase): string {
  const shorten = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v;
    if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
    if (v === null || typeof v !== "object") return v;
    if (depth > 6) return "<deeper>";
    return Array.isArray(v) ? v.slice(0, 10).map((x) => shorten(x, depth + 1)) : Object.fromEntries(Object.entries(v).slice(0, 20).map(([k, x]) => [k, shorten(x, depth + 1)]));
  };
  return (JSON.stringify(shorten(c, 0)) ?? "").slice(0, 700);
}

test("fuzz: 10,000 generated requests to every procedure and route: no 5xx, still healthy, the canary org untouched", async () => {
  test.setTimeout(15 * 60_000);
  const name = `calm_t_fuzz_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(name);
  const pool = createPool(url, 2);
  let server: NextServer | undefined;
  try {
    await applyMigrations(url);
    const canary = await seedCanary(pool);
    const password = randomBytes(12).toString("base64url");
    const fuzzOrg = await createOrg(pool, { name: "Fuzz", password });
    // No per-key rate limit: the fuzz looks for 5xx under a flood, and its last checks need the key to answer 200.
    server = await startNextServer({ DATABASE_URL: url, DATABASE_POOL_SIZE: "5", WORKER_DISABLED: "0", API_KEY_RATE_LIMIT: "0" });
    const signIn = async () => {
      const res = await fetch(`${server!.url}/api/auth/sign-in`, {
        method: "POST", headers: { "content-type": "application/json", accept: "application/json", origin: server!.url },
        body: JSON.stringify({ email: fuzzOrg.email, password }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    };
    const creds = { key: fuzzOrg.apiKey, cookie: await signIn() };

    // The fuzz org's own entities and loops, for inputs that name the caller's own things.
    const own: OwnIds = { entities: [], loopIds: [] };
    for (let i = 0; i < 5; i++) {
      const deal = { type: "deal", id: randomUUID() };
      const id = randomUUID();
      const r = await fetch(`${server.url}/api/trpc/events.append`, {
        method: "POST", headers: { authorization: `Bearer ${creds.key}`, "content-type": "application/json" },
        body: JSON.stringify({ id, event_type: "lead_created", occurred_at: new Date().toISOString(), actor: { id: randomUUID(), type: "system" }, primary_entity: deal, payload: { name: `Fuzz ${i}` } }),
      });
      expect(r.status).toBe(200);
      own.entities.push(deal);
      own.loopIds.push(loopId(id, "new_lead"));
    }

    const before = await snapshot(pool, canary.orgId);
    const arb = fuzzCaseArb(procedures(), canary, own);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let done = 0;
    let calls = 0;
    const started = performance.now();
    console.log(`[fuzz] seed ${SEED}, ${CASES} cases, ${procedures().length} procedures`);

    for (let chunk = 0; done < CASES; chunk++) {
      const cases = fc.sample(arb, { numRuns: Math.min(500, CASES - done), seed: SEED + chunk });
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < cases.length) {
            const c = cases[next++]!;
            calls += c.kind === "trpc" ? c.calls.length : 1;
            // A request that got no answer at all is tried once more: a kept-alive connection the
            // server closed just as it was reused fails that way; a server that broke fails twice.
            const out = await send(server!, c, creds)
              .catch(() => send(server!, c, creds))
              .catch((e: unknown) => ({ status: 599, body: `no answer: ${String(e)} (${String((e as { cause?: unknown }).cause)})` }));
            statuses.set(out.status, (statuses.get(out.status) ?? 0) + 1);
            if (out.status >= 500) failures.push(`${out.status} ${out.body}\n    ${describeCase(c)}`);
          }
        }),
      );
      done += cases.length;
      // Still healthy, and still signed in (a procedure may have ended the fuzz session: sign in again).
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status, `health after ${done} cases`).toBe(200);
      const who = await fetch(`${server.url}/api/trpc/org.identity`, { headers: { cookie: creds.cookie } });
      if (who.status === 401) creds.cookie = await signIn();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[fuzz] ${done} requests (${calls} procedure calls and route requests) in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );

    expect(failures.slice(0, 20), `${failures.length} answers were 5xx (seed ${SEED})`).toEqual([]);
    expect(await snapshot(pool, canary.orgId), "the canary org's rows").toEqual(before);
    // The server is the one that started (never crashed), healthy, and still does its job.
    expect(() => process.kill(server!.pid, 0)).not.toThrow();
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string; database: string };
    expect(health).toMatchObject({ database: "up" });
    const id = randomUUID();
    const ok = await fetch(`${server.url}/api/trpc/events.append`, {
      method: "POST", headers: { authorization: `Bearer ${creds.key}`, "content-type": "application/json" },
      body: JSON.stringify({ id, event_type: "note_added", occurred_at: new Date().toISOString(), actor: { id: randomUUID(), type: "system" }, primary_entity: own.entities[0], payload: { text: "after the fuzz" } }),
    });
    expect(ok.status).toBe(200);
    expect(server.output()).not.toMatch(/\[trpc\].*INTERNAL|Maximum call stack|RangeError/);
  } finally {
    await server?.stop();
    await pool.end();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
});
