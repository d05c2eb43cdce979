import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { CHANNELS, type SignalOrgs, encodeSignal } from "./channels";
import { createPgListener, type PgListener } from "./pg-listener";
import { onSignal, processOrigin } from "./process-signals";
import { NOTIFY_GAP_MS, databaseKey, publishCommitted } from "./publish";

const ORG_A = "0193a000-0000-7000-8000-00000000000a";
const ORG_B = "0193a000-0000-7000-8000-00000000000b";

let db: TestDb;
let listener: PgListener;
beforeAll(async () => {
  db = await createTestDb(4);
  listener = createPgListener(db.url);
});
afterAll(async () => {
  await listener?.close();
  await db?.drop();
});

/** A NOTIFY as another process (or instance) sends it. */
const notifyFrom = (from: string, orgs: SignalOrgs, channel: string = CHANNELS.loopsChanged) =>
  db.pool.query("SELECT pg_notify($1, $2)", [channel, encodeSignal(from, orgs)]);

describe("the LISTEN connection (one per process and database, for every channel)", () => {
  it("relays other processes' signals to this process's handlers, by org; 'all' reaches everyone", async () => {
    const hits = { a: 0, b: 0, any: 0 };
    const offA = onSignal(db.url, CHANNELS.loopsChanged, () => hits.a++, ORG_A);
    const offB = onSignal(db.url, CHANNELS.loopsChanged, () => hits.b++, ORG_B);
    const release = listener.listen(CHANNELS.loopsChanged);
    await listener.ready();

    await notifyFrom("another-instance", [ORG_A]);
    await waitFor(async () => hits.a === 1);
    await notifyFrom("another-instance", "all"); // a rebuild swapped the whole projection
    await waitFor(async () => hits.a === 2 && hits.b === 1);
    await db.pool.query("SELECT pg_notify($1, '[]')", [CHANNELS.loopsChanged]); // unreadable or empty: everyone
    await waitFor(async () => hits.a === 3 && hits.b === 2);
    offA();
    await notifyFrom("another-instance", [ORG_A, ORG_B]);
    await waitFor(async () => hits.b === 3);
    expect(hits).toEqual({ a: 3, b: 3, any: 0 });
    offB();
    release();
  });

  it("drops this process's own NOTIFYs (already told in-process) and channels nobody holds", async () => {
    const heard: SignalOrgs[] = [];
    const off = onSignal(db.url, CHANNELS.eventsAppended, (orgs) => heard.push(orgs));
    const release = listener.listen(CHANNELS.eventsAppended);
    await listener.ready();
    await notifyFrom(processOrigin(), [ORG_A], CHANNELS.eventsAppended);
    await notifyFrom("worker-2", [ORG_B], CHANNELS.eventsAppended); // sent after: arrives after
    await waitFor(async () => heard.length > 0);
    expect(heard).toEqual([[ORG_B]]);

    // publishCommitted tells this process at once, and the others by a NOTIFY that comes back here ignored.
    publishCommitted(db.pool, CHANNELS.eventsAppended, [ORG_A]);
    expect(heard).toEqual([[ORG_B], [ORG_A]]);
    await notifyFrom("worker-2", [ORG_B], CHANNELS.eventsAppended);
    await waitFor(async () => heard.length === 3);
    expect(heard).toEqual([[ORG_B], [ORG_A], [ORG_B]]);
    release();
    off();
  });

  it("coalesces NOTIFYs: one in flight per channel, the orgs signalled meanwhile go in the next", async () => {
    const seen: string[] = []; // what another process's LISTEN would hear
    const client = await db.pool.connect();
    try {
      await client.query(`LISTEN "${CHANNELS.eventsAppended}"`);
      client.on("notification", (m) => seen.push(m.payload ?? ""));
      for (let i = 0; i < 20; i++) publishCommitted(db.pool, CHANNELS.eventsAppended, [i % 2 ? ORG_A : ORG_B]);
      await waitFor(async () => seen.some((p) => p.includes(ORG_A)) && seen.some((p) => p.includes(ORG_B)));
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.length).toBeLessThanOrEqual(2);
      expect(seen.every((p) => JSON.parse(p).from === processOrigin())).toBe(true);
    } finally {
      await client.query("UNLISTEN *");
      client.release();
    }
  });

  it("spaces a writer's NOTIFYs NOTIFY_GAP_MS apart: one published just after another waits, and none is lost", async () => {
    const heard: { at: number; orgs: unknown }[] = [];
    const client = await db.pool.connect();
    try {
      await client.query(`LISTEN "${CHANNELS.eventsAppended}"`);
      client.on("notification", (m) => {
        heard.push({ at: performance.now(), orgs: JSON.parse(m.payload ?? "{}").orgs });
        // As a sequential writer's next append: just after the previous NOTIFY went out and came back.
        if (heard.length === 1) publishCommitted(db.pool, CHANNELS.eventsAppended, [ORG_B]);
      });
      // The pool's other connections open (the NOTIFY goes out at once), then a quiet spell.
      await Promise.all([1, 2, 3].map(() => db.pool.query("SELECT 1")));
      await new Promise((r) => setTimeout(r, NOTIFY_GAP_MS * 2));
      const start = performance.now();
      publishCommitted(db.pool, CHANNELS.eventsAppended, [ORG_A]);
      await waitFor(async () => heard.length === 2);
      // A lower bound only (a slow machine makes it later, never sooner): sent no sooner than the gap.
      expect(heard[1]!.at - start).toBeGreaterThanOrEqual(NOTIFY_GAP_MS);
      expect(heard.map((h) => h.orgs)).toEqual([[ORG_A], [ORG_B]]);
    } finally {
      await client.query("UNLISTEN *");
      client.release();
    }
  });

  it("reconnects after its connection is killed, and tells every held channel to catch up", async () => {
    let hits = 0;
    const off = onSignal(db.url, CHANNELS.loopsChanged, () => hits++, ORG_A);
    const release = listener.listen(CHANNELS.loopsChanged);
    await listener.ready();
    const killed = await db.pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    expect(killed.rowCount).toBe(1);
    await waitFor(async () => hits === 1, 10_000); // the catch-up after reconnecting
    await notifyFrom("another-instance", [ORG_A]);
    await waitFor(async () => hits === 2);
    off();
    release();
  });

  it("files signals by database: another database's handlers hear nothing", async () => {
    let mine = 0;
    let theirs = 0;
    const offMine = onSignal(databaseKey(db.pool), CHANNELS.eventsAppended, () => mine++);
    const offTheirs = onSignal("postgresql://elsewhere/other", CHANNELS.eventsAppended, () => theirs++);
    publishCommitted(db.pool, CHANNELS.eventsAppended, [ORG_A]);
    expect({ mine, theirs }).toEqual({ mine: 1, theirs: 0 });
    offMine();
    offTheirs();
  });
});
