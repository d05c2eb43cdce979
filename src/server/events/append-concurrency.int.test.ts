import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { createPool } from "../db/pool";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { SYSTEM_ACTOR, eventCount, noteOn } from "../../../tests/helpers/events";
import { callError } from "../../../tests/helpers/trpc-errors";

let db: TestDb;
beforeAll(async () => {
  // Enough connections that concurrent writers really are concurrent transactions.
  db = await createTestDb(12);
});
afterAll(async () => db?.drop());

describe("concurrent appends", () => {
  it("two writers with the same expectedVersion: exactly one wins, the other gets CONFLICT (many rounds)", async () => {
    const org = await newOrg(db.pool);
    const a = apiCaller(db.pool, org);
    const b = apiCaller(db.pool, org);
    const deal = { id: randomUUID(), type: "deal" as const };
    const ROUNDS = 60;
    for (let version = 0; version < ROUNDS; version++) {
      const outcomes = await Promise.allSettled([
        a.events.append({ ...noteOn(deal, `a${version}`), expectedVersion: version }),
        b.events.append({ ...noteOn(deal, `b${version}`), expectedVersion: version }),
      ]);
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((await callError(Promise.reject(lost[0]!.reason))).code).toBe("CONFLICT");
      expect((won[0] as PromiseFulfilledResult<{ event: { entity_version: number } }>).value.event.entity_version).toBe(version + 1);
    }
    expect(await eventCount(db.pool, org.orgId)).toBe(ROUNDS);
  });

  it("8 writers on one entity without expectedVersion: versions 1..N contiguous, no error", async () => {
    const org = await newOrg(db.pool);
    const deal = { id: randomUUID(), type: "deal" as const };
    const WRITERS = 8;
    const EACH = 25;
    const results = await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const api = apiCaller(db.pool, org);
        const versions: number[] = [];
        for (let i = 0; i < EACH; i++) versions.push((await api.events.append(noteOn(deal, `w${w}-${i}`))).event.entity_version);
        return versions;
      }),
    );
    // Each writer sees its own versions strictly increase.
    for (const v of results) expect(v).toEqual([...v].sort((x, y) => x - y));
    const all = results.flat().sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: WRITERS * EACH }, (_, i) => i + 1));
    const stored = await db.pool.query<{ v: number }>(
      "SELECT entity_version AS v FROM system_events WHERE primary_entity_id = $1 ORDER BY position",
      [deal.id],
    );
    // Log order (position) and version order agree.
    expect(stored.rows.map((r) => r.v)).toEqual(all);
  });

  it("the same new event sent by 8 writers at once is stored once; every writer gets it back", async () => {
    const org = await newOrg(db.pool);
    const e = noteOn({ id: randomUUID(), type: "deal" });
    const out = await Promise.all(Array.from({ length: 8 }, () => apiCaller(db.pool, org).events.append(e)));
    expect(out.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(out.map((r) => r.position)).size).toBe(1);
    expect(await eventCount(db.pool, org.orgId)).toBe(1);
  });

  it("one new id raced onto 8 different entities: one wins, the others get CONFLICT, never a 500", async () => {
    const org = await newOrg(db.pool);
    // Many rounds: the race (a writer's id check before, its insert after another's commit) is narrow.
    for (let round = 1; round <= 15; round++) {
      const id = randomUUID();
      const out = await Promise.allSettled(
        Array.from({ length: 8 }, () => apiCaller(db.pool, org).events.append({ ...noteOn({ id: randomUUID(), type: "deal" }), id })),
      );
      expect(out.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      for (const o of out) if (o.status === "rejected") expect((await callError(Promise.reject(o.reason))).code).toBe("CONFLICT");
      expect(await eventCount(db.pool, org.orgId)).toBe(round);
    }
  });

  it("a batch that Postgres picks as a deadlock victim (ids inserted in crossed orders) is retried: CONFLICT, not a 500", async () => {
    const org = await newOrg(db.pool);
    const [I, J] = [randomUUID(), randomUUID()];
    const rawInsert = (c: { query: (s: string, p: unknown[]) => Promise<unknown> }, id: string) =>
      c.query(
        `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                    primary_entity_type, payload, entity_version)
         VALUES ($1, $2, 'note_added', now(), $3, 'system', $4, 'deal', '{"text":"other writer"}', 1)`,
        [id, org.orgId, SYSTEM_ACTOR.id, randomUUID()],
      );
    // Another writer holds J, and waits longer than the batch before checking for deadlocks, so
    // Postgres aborts the batch's transaction, deterministically. Postgres checks a wait for
    // deadlocks once, deadlock_timeout after it began: the batch's check must come after the
    // cycle closes, so its connections get a timeout with room for a loaded machine.
    await db.pool.query(`ALTER DATABASE "${db.name}" SET deadlock_timeout = '4s'`);
    const batchPool = createPool(db.url, 2);
    const other = await db.pool.connect();
    try {
      await other.query("BEGIN");
      await other.query("SET LOCAL deadlock_timeout = '30s'");
      await rawInsert(other, J);
      const batch = apiCaller(batchPool, org).events.appendBatch({
        events: [{ ...noteOn({ id: randomUUID(), type: "deal" }), id: I }, { ...noteOn({ id: randomUUID(), type: "deal" }), id: J }],
      });
      const settled = batch.then(() => null, (e: unknown) => e);
      // Wait until the batch has inserted I and waits on J.
      for (let i = 0; i < 200; i++) {
        const w = await db.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        if (w.rows[0]!.n > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await rawInsert(other, I); // closes the cycle; returns once the batch is aborted
      await other.query("COMMIT");
      const err = await settled;
      expect(err).not.toBeNull();
      expect((await callError(Promise.reject(err))).code).toBe("CONFLICT");
    } finally {
      await other.query("ROLLBACK").catch(() => undefined);
      other.release();
      await batchPool.end();
    }
    // Only the other writer's two rows.
    expect(await eventCount(db.pool, org.orgId)).toBe(2);
  });

  it("concurrent batches touching overlapping entities in opposite orders do not deadlock", async () => {
    const org = await newOrg(db.pool);
    const entities = Array.from({ length: 6 }, () => ({ id: randomUUID(), type: "deal" as const }));
    const batches = Array.from({ length: 8 }, (_, w) => {
      const order = w % 2 === 0 ? entities : [...entities].reverse();
      return order.map((en) => noteOn(en, `w${w}`));
    });
    await Promise.all(batches.map((events) => apiCaller(db.pool, org).events.appendBatch({ events })));
    for (const en of entities) {
      const v = await db.pool.query<{ v: number }>(
        "SELECT entity_version AS v FROM system_events WHERE primary_entity_id = $1 ORDER BY entity_version",
        [en.id],
      );
      expect(v.rows.map((r) => r.v)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
  });

  it("concurrent single appends share commits, yet each gets the answer it would get alone", async () => {
    const org = await newOrg(db.pool);
    const other = await newOrg(db.pool, "Other");
    const api = apiCaller(db.pool, org);
    const deal = { id: randomUUID(), type: "deal" as const };
    await api.events.append(noteOn(deal, "first")); // version 1
    const taken = noteOn({ id: randomUUID(), type: "deal" }, "taken");
    await api.events.append(taken);

    type Case = { body: Parameters<typeof api.events.append>[0]; expect: "new" | "duplicate" | "CONFLICT"; who?: "other" };
    const cases: Case[] = [];
    for (let i = 0; i < 60; i++) {
      switch (i % 6) {
        case 0: cases.push({ body: noteOn({ id: randomUUID(), type: "deal" }, `fresh ${i}`), expect: "new" }); break;
        case 1: cases.push({ body: taken, expect: "duplicate" }); break;
        case 2: cases.push({ body: { ...taken, payload: { text: `other content ${i}` } }, expect: "CONFLICT" }); break;
        case 3: cases.push({ body: { ...noteOn(deal, `stale ${i}`), expectedVersion: 0 }, expect: "CONFLICT" }); break;
        case 4: cases.push({ body: noteOn(deal, `more ${i}`), expect: "new" }); break;
        default: cases.push({ body: noteOn({ id: randomUUID(), type: "deal" }, `other org ${i}`), expect: "new", who: "other" });
      }
    }
    const before = await eventCount(db.pool);
    const outcomes = await Promise.all(
      cases.map((c) =>
        apiCaller(db.pool, c.who === "other" ? other : org).events.append(c.body).then(
          (r) => (r.duplicate ? "duplicate" : "new"),
          async (e: unknown) => (await callError(Promise.reject(e))).code,
        ),
      ),
    );
    expect(outcomes).toEqual(cases.map((c) => c.expect));
    expect(await eventCount(db.pool)).toBe(before + cases.filter((c) => c.expect === "new").length);
    // Grouping happened: some transaction holds several requests' events, and never two orgs'.
    const txs = await db.pool.query<{ n: number; orgs: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT org_id)::int AS orgs FROM system_events WHERE org_id IN ($1, $2) GROUP BY tx_id",
      [org.orgId, other.orgId],
    );
    expect(Math.max(...txs.rows.map((r) => r.n))).toBeGreaterThan(1);
    expect(Math.max(...txs.rows.map((r) => r.orgs))).toBe(1);
    // The deal's versions stay contiguous, in log order.
    const v = await db.pool.query<{ v: number }>(
      "SELECT entity_version AS v FROM system_events WHERE primary_entity_id = $1 ORDER BY position",
      [deal.id],
    );
    expect(v.rows.map((r) => r.v)).toEqual(Array.from({ length: v.rows.length }, (_, i) => i + 1));
  });
});
