import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../tests/helpers/callers";
import { eventOf, leadCreated } from "../../../tests/helpers/events";
import { projectAll } from "../../../tests/helpers/projection";
import { TEST_REDIS_URL } from "../../../tests/helpers/services";
import { belowHorizon, deleteStreamKeys, readStream, testStreamName } from "../../../tests/helpers/streams";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { createPool } from "../db/pool";
import { runProjector } from "../projector/open-loops-projector";
import { rebuildProjection } from "../projector/rebuild";
import { LOOP_STREAM_FIELDS, STREAM_FIELDS } from "./stream-fields";
import { runLoopRelay, runRelay } from "./run-relay";
import { createStreamsRedis, whenReady } from "./streams-redis";

// Loop notifications end to end on the real Postgres and Redis: events appended through the API,
// the projector and its tick (the outbox), the event relay and the loop relay into one stream.

let db: TestDb;
let redis: Redis;
const stream = testStreamName("loop-notifications");
const opts = { stream, maxLen: 1_000_000 };

beforeAll(async () => {
  db = await createTestDb();
  redis = await whenReady(createStreamsRedis(TEST_REDIS_URL));
});
afterAll(async () => {
  await deleteStreamKeys(redis, stream);
  redis.disconnect();
  await db?.drop();
});

const T0 = new Date("2026-11-20T12:00:00.000Z");
const plus = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const iso = (d: Date) => d.toISOString();

async function relayAll() {
  await belowHorizon(db.pool);
  await runRelay(db.pool, redis, opts);
  await runLoopRelay(db.pool, redis, opts);
}

async function loopEntries(orgId: string) {
  return (await readStream(redis, stream)).filter((e) => e.fields.kind === "loop" && e.fields.org_id === orgId).map((e) => e.fields);
}

/** The projector (catch-up and tick) as the worker runs it, at `at`. */
const pass = (at: Date) => projectAll(db.pool, () => at);

describe("loop notifications", () => {
  it("opened, snoozed, woke, escalated (by the tick), closed and reopened each reach the stream once, with their fields", async () => {
    const orgId = randomUUID();
    const api = (at: Date) => apiCaller(db.pool, { orgId }, () => at);
    const deal = { type: "deal" as const, id: randomUUID() };
    const followup = { type: "followup" as const, id: randomUUID() };
    const lead = leadCreated({ primary_entity: deal, occurred_at: iso(T0) });
    const schedule = eventOf("followup_scheduled", { primary_entity: followup, occurred_at: iso(T0), payload: { due_at: iso(plus(120)) } });
    await api(T0).events.appendBatch({ events: [lead, schedule] });
    await pass(plus(1));
    const loopOf = async (type: string) =>
      (await db.pool.query<{ id: string }>("SELECT id FROM open_loops WHERE org_id = $1 AND type = $2", [orgId, type])).rows[0]!.id;
    const followupLoop = await loopOf("followup_due");
    const newLead = await loopOf("new_lead");

    const snooze = eventOf("loop_snoozed", { primary_entity: followup, occurred_at: iso(plus(2)), payload: { loop_id: followupLoop, until: iso(plus(60)) } });
    await api(plus(2)).events.append(snooze);
    await pass(plus(3));
    await pass(plus(90)); // the snooze ran out at +60: woke, by time
    await pass(plus(180)); // due at +120: escalated, by time
    await pass(plus(180)); // again at the same instant: nothing new
    const dismiss = eventOf("loop_dismissed", { primary_entity: followup, occurred_at: iso(plus(181)), payload: { loop_id: followupLoop, reason: "done elsewhere" } });
    await api(plus(181)).events.append(dismiss);
    await pass(plus(182));
    const reopen = eventOf("loop_reopened", { primary_entity: followup, occurred_at: iso(plus(183)), payload: { loop_id: followupLoop } });
    await api(plus(183)).events.append(reopen);
    await pass(plus(184));
    await relayAll();
    await relayAll(); // a second run adds nothing

    const entries = await loopEntries(orgId);
    for (const e of entries) expect(Object.keys(e)).toEqual([...LOOP_STREAM_FIELDS]);
    const seen = entries.map((e) => `${e.loop_type}:${e.change}:${e.caused_by_event_id || "time"}`);
    expect(seen).toEqual([
      `new_lead:opened:${lead.id}`,
      `followup_due:opened:${schedule.id}`,
      `followup_due:snoozed:${snooze.id}`,
      "followup_due:woke:time",
      "followup_due:escalated:time",
      `followup_due:closed:${dismiss.id}`,
      `followup_due:reopened:${reopen.id}`,
    ]);
    expect(new Set(entries.map((e) => e.notification_id)).size).toBe(entries.length);
    const [opened, , snoozed, woke, escalated, closed, reopened] = entries;
    expect(opened).toMatchObject({
      kind: "loop",
      loop_id: newLead,
      org_id: orgId,
      loop_type: "new_lead",
      change: "opened",
      status: "active",
      severity: "medium",
      due_at: iso(plus(24 * 60)),
      entity_type: "deal",
      entity_id: deal.id,
      suggested_action: "reply_to_lead",
      caused_by_event_id: lead.id,
    });
    // An event's change happened when the system recorded it; time's at the instant time reached.
    const recorded = async (id: string) => (await db.pool.query<{ c: Date }>("SELECT created_at AS c FROM system_events WHERE id = $1", [id])).rows[0]!.c;
    expect(opened!.changed_at).toBe((await recorded(lead.id)).toISOString());
    expect(snoozed).toMatchObject({ loop_id: followupLoop, status: "active", severity: "medium" });
    expect(woke).toMatchObject({ changed_at: iso(plus(60)), caused_by_event_id: "", status: "active" });
    expect(escalated).toMatchObject({ changed_at: iso(plus(120)), caused_by_event_id: "", severity: "high", suggested_action: "send_followup" });
    expect(closed).toMatchObject({ status: "dismissed", caused_by_event_id: dismiss.id });
    expect(reopened).toMatchObject({ status: "active", caused_by_event_id: reopen.id });
    // Event entries are marked too.
    const events = (await readStream(redis, stream)).filter((e) => e.fields.org_id === orgId && e.fields.kind === "event");
    expect(events.map((e) => e.fields.event_id)).toEqual([lead.id, schedule.id, snooze.id, dismiss.id, reopen.id]);
    for (const e of events) expect(Object.keys(e.fields)).toEqual([...STREAM_FIELDS]);
  });

  it("an invoice falling due is published by the tick, caused by nobody, at its due date; an event closing it names the event", async () => {
    const orgId = randomUUID();
    const invoice = { type: "invoice" as const, id: randomUUID() };
    const issued = eventOf("invoice_issued", {
      primary_entity: invoice,
      occurred_at: iso(T0),
      payload: { amount_cents: 10_000, currency: "EUR", due_at: iso(plus(240)) },
    });
    await apiCaller(db.pool, { orgId }, () => T0).events.append(issued);
    await pass(plus(1));
    await relayAll();
    expect(await loopEntries(orgId)).toEqual([]); // not due yet: no loop, nothing to tell
    const ticked = await runProjector(db.pool, () => plus(300));
    expect(ticked.ticked).toBe(1);
    const paid = eventOf("payment_received", { primary_entity: invoice, occurred_at: iso(plus(301)), payload: { amount_cents: 10_000, currency: "EUR" } });
    await apiCaller(db.pool, { orgId }, () => plus(301)).events.append(paid);
    await pass(plus(302));
    await relayAll();
    const entries = await loopEntries(orgId);
    expect(entries).toMatchObject([
      { loop_type: "invoice_overdue", change: "opened", caused_by_event_id: "", changed_at: iso(plus(240)), severity: "high", suggested_action: "resend_invoice" },
      { loop_type: "invoice_overdue", change: "closed", caused_by_event_id: paid.id, status: "resolved" },
    ]);
    const row = await db.pool.query("SELECT caused_by_event_id FROM loop_changes WHERE org_id = $1 AND change = 'opened'", [orgId]);
    expect(row.rows).toEqual([{ caused_by_event_id: null }]); // time: NULL in the outbox, "" in the stream
  });

  it("an event arriving after a due date but before the tick: the time change is still time's, and told once", async () => {
    const orgId = randomUUID();
    const deal = { type: "deal" as const, id: randomUUID() };
    const lead = leadCreated({ primary_entity: deal, occurred_at: iso(T0) });
    await apiCaller(db.pool, { orgId }, () => T0).events.append(lead);
    await pass(plus(1));
    // Due at +24 h; no tick ran since. A note at +25 h: the projector sees the escalation first.
    const note = eventOf("note_added", { primary_entity: deal, occurred_at: iso(plus(25 * 60)), payload: { text: "late" } });
    await apiCaller(db.pool, { orgId }, () => plus(25 * 60)).events.append(note);
    await pass(plus(25 * 60));
    await pass(plus(26 * 60));
    await relayAll();
    expect((await loopEntries(orgId)).map((e) => `${e.change}:${e.caused_by_event_id || "time"}:${e.changed_at}`)).toEqual([
      `opened:${lead.id}:${(await loopEntries(orgId))[0]!.changed_at}`,
      `escalated:time:${iso(plus(24 * 60))}`,
    ]);
  });

  it("two instances ticking at once (two pools): every invoice falling due is told once", async () => {
    const orgId = randomUUID();
    const N = 300;
    const invoices = Array.from({ length: N }, (_, i) =>
      eventOf("invoice_issued", {
        primary_entity: { type: "invoice", id: randomUUID() },
        occurred_at: iso(T0),
        payload: { amount_cents: 100 + i, currency: "EUR", due_at: iso(plus(10 + (i % 50))) },
      }),
    );
    await apiCaller(db.pool, { orgId }, () => T0).events.appendBatch({ events: invoices });
    await pass(plus(1));
    const other = createPool(db.url, 4);
    try {
      // Each instance ticks repeatedly at the same instant, in small steps (the tick's limit is per pass).
      const instance = async (pool: typeof db.pool) => {
        for (let i = 0; i < 10; i++) await runProjector(pool, () => plus(120));
      };
      await Promise.all([instance(db.pool), instance(other), instance(db.pool), instance(other)]);
    } finally {
      await other.end();
    }
    await relayAll();
    const opened = (await loopEntries(orgId)).filter((e) => e.change === "opened");
    expect(opened).toHaveLength(N);
    expect(new Set(opened.map((e) => e.loop_id)).size).toBe(N);
    expect(opened.every((e) => e.caused_by_event_id === "")).toBe(true);
  });

  it("a rebuild tells nobody anything", async () => {
    const orgId = randomUUID();
    await apiCaller(db.pool, { orgId }, () => T0).events.appendBatch({ events: Array.from({ length: 20 }, () => leadCreated({ occurred_at: iso(T0) })) });
    await pass(plus(1));
    await relayAll();
    const before = (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM loop_changes")).rows[0]!.n;
    const entries = (await readStream(redis, stream)).length;
    await rebuildProjection(db.pool, () => plus(2), { fresh: true });
    await relayAll();
    expect((await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM loop_changes")).rows[0]!.n).toBe(before);
    expect((await readStream(redis, stream)).length).toBe(entries);
    // Nor does its swap make the live projection tell a change twice afterwards.
    await pass(plus(3));
    await relayAll();
    expect((await readStream(redis, stream)).length).toBe(entries);
  });

  it("events the live projection had not reached when a rebuild swaps in are told once, by the live projection", async () => {
    const orgId = randomUUID();
    const leads = Array.from({ length: 5 }, () => leadCreated({ occurred_at: iso(T0) }));
    await apiCaller(db.pool, { orgId }, () => T0).events.appendBatch({ events: leads });
    await belowHorizon(db.pool);
    await rebuildProjection(db.pool, () => plus(2), { fresh: true }); // no live pass ran since the append
    await pass(plus(3));
    await relayAll();
    const told = await loopEntries(orgId);
    expect(told.map((e) => `${e.change}:${e.caused_by_event_id}`).sort()).toEqual(leads.map((l) => `opened:${l.id}`).sort());
  });
});
