import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { leadCreated } from "../../../tests/helpers/events";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { runProjector } from "../projector/open-loops-projector";
import { LOOPS_CHANNEL } from "../projector/tables";
import { createCaller } from "../trpc/root";
import { createInnerContext } from "../trpc/context";
import { loopsChanges } from "./loops-changed";
import { createLoopsListener, type LoopsListener, loopsListenerFor } from "./loops-listener";

const ORG_A = "0193a000-0000-7000-8000-00000000000a";
const ORG_B = "0193a000-0000-7000-8000-00000000000b";

let db: TestDb;
let listener: LoopsListener;
beforeAll(async () => {
  db = await createTestDb(4);
  listener = createLoopsListener(db.url);
});
afterAll(async () => {
  await listener?.close();
  if (db) await loopsListenerFor(db.url).close(); // the router's process-wide one
  await db?.drop();
});

const notifyOrgs = (payload: string) => db.pool.query("SELECT pg_notify($1, $2)", [LOOPS_CHANNEL, payload]);

/** Resolves once `check` holds, or rejects after `ms`. */
function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error("timed out waiting"));
      setTimeout(poll, 20);
    };
    poll();
  });
}

describe("loops listener (one LISTEN connection, fanned out by org)", () => {
  it("tells only the orgs named in the payload, and everyone for an empty list", async () => {
    const hits = { a: 0, b: 0 };
    const offA = listener.subscribe(ORG_A, () => hits.a++);
    const offB = listener.subscribe(ORG_B, () => hits.b++);
    await listener.ready();

    await notifyOrgs(JSON.stringify([ORG_A]));
    await until(() => hits.a === 1);
    await notifyOrgs("[]"); // a rebuild swapped the whole projection
    await until(() => hits.a === 2 && hits.b === 1);
    offA();
    await notifyOrgs(JSON.stringify([ORG_A, ORG_B]));
    await until(() => hits.b === 2);
    expect(hits).toEqual({ a: 2, b: 2 });
    offB();
  });

  it("reconnects after the connection is killed, and tells subscribers to catch up", async () => {
    let hits = 0;
    const off = listener.subscribe(ORG_A, () => hits++);
    await listener.ready();
    const killed = await db.pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    expect(killed.rowCount).toBe(1);
    await until(() => hits === 1, 10_000); // the catch-up after reconnecting
    await notifyOrgs(JSON.stringify([ORG_A]));
    await until(() => hits === 2);
    off();
  });

  it("streams ready, then one change per burst, and ends on abort", async () => {
    const abort = new AbortController();
    const stream = loopsChanges(listener, ORG_B, abort.signal);
    expect((await stream.next()).value).toMatchObject({ kind: "ready" });
    const next = stream.next();
    await notifyOrgs(JSON.stringify([ORG_B]));
    await notifyOrgs(JSON.stringify([ORG_B]));
    expect((await next).value).toMatchObject({ kind: "changed" });
    const after = stream.next();
    abort.abort();
    expect(await after).toMatchObject({ done: true });
  });

  it("live.loopsChanged reports a loop opened by an append from another client", async () => {
    const org = await newOrg(db.pool);
    const other = await newOrg(db.pool, "Other Org");
    const abort = new AbortController();
    const caller = (o: typeof org) =>
      createCaller(
        createInnerContext({
          caller: { kind: "session", orgId: o.orgId, userId: o.userId, actor: { id: o.userId, type: "user" } },
          db: db.pool,
        }),
        { signal: abort.signal },
      );
    const mine = await caller(org).live.loopsChanged();
    const theirs = await caller(other).live.loopsChanged();
    const [mineIt, theirsIt] = [mine[Symbol.asyncIterator](), theirs[Symbol.asyncIterator]()];
    expect((await mineIt.next()).value).toMatchObject({ kind: "ready" });
    expect((await theirsIt.next()).value).toMatchObject({ kind: "ready" });

    const theirNext = theirsIt.next();
    const myNext = mineIt.next();
    await apiCaller(db.pool, org).events.append(leadCreated());
    // Another database's open transaction can hold the log's horizon back briefly: project until it shows.
    let got: IteratorResult<unknown> | undefined;
    void myNext.then((r) => (got = r));
    for (let i = 0; i < 100 && !got; i++) {
      await runProjector(db.pool, () => new Date("2026-11-02T10:00:00Z"));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(got?.value).toMatchObject({ kind: "changed" });
    const raced = await Promise.race([theirNext.then(() => "theirs"), new Promise((r) => setTimeout(() => r("quiet"), 500))]);
    expect(raced).toBe("quiet");
    abort.abort();
  });

  it("refuses a caller without a credential", async () => {
    const anon = createCaller(createInnerContext({ caller: null, db: db.pool }));
    await expect(anon.live.loopsChanged()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
