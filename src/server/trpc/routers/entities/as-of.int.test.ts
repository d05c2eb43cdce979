import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller } from "../../../../../tests/helpers/callers";
import { eventOf } from "../../../../../tests/helpers/events";
import { loggedEvents, sleep } from "../../../../../tests/helpers/projection";
import { createTestDb, type TestDb } from "../../../../../tests/helpers/test-db";
import { callError } from "../../../../../tests/helpers/trpc-errors";
import { factsOf } from "~/domain/entities";
import { replayAsOf, type TimeBasis } from "~/domain/time-travel";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const DAY = 24 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The database's clock: record time (created_at) comes from it, not from ours. */
async function dbNow(): Promise<Date> {
  const r = await db.pool.query<{ now: Date }>("SELECT clock_timestamp() AS now");
  return r.rows[0]!.now;
}

describe("entities.asOf", () => {
  it("returns what the pure replayAsOf returns for both bases, which differ for a late-recorded payment", async () => {
    const orgId = randomUUID();
    const api = apiCaller(db.pool, { orgId });
    const invoice = { id: randomUUID(), type: "invoice" as const };
    const t0 = Date.now();
    await api.events.append(
      eventOf("invoice_issued", {
        entity: invoice,
        occurred_at: iso(t0 - 20 * DAY),
        payload: { amount_cents: 10_000, currency: "EUR", due_at: iso(t0 - 5 * DAY) },
      }),
    );
    await sleep(50);
    const beforePayment = await dbNow();
    await sleep(50);
    // Paid a day before the due date, but the bank feed brings it in only now.
    await api.events.append(
      eventOf("payment_received", { entity: invoice, occurred_at: iso(t0 - 6 * DAY), payload: { amount_cents: 10_000, currency: "EUR" } }),
    );
    await api.events.append(eventOf("note_added", { entity: invoice, occurred_at: (await dbNow()).toISOString(), payload: { text: "reconciled" } }));
    const events = await loggedEvents(db.pool, orgId);
    expect(events).toHaveLength(3);

    // Also each event's own instants, to the millisecond: an event recorded at 12:00:00.123456 is
    // known at 12:00:00.123 (events carry milliseconds), and the read must keep it as the replay does.
    const edges = events.flatMap((e) => [e.occurred_at, e.created_at]);
    const moments = [iso(t0 - 30 * DAY), iso(t0 - 10 * DAY), iso(t0 - 5 * DAY), beforePayment.toISOString(), iso(Date.now() + DAY), ...edges];
    for (const asOf of moments) {
      for (const basis of ["occurred", "recorded"] as TimeBasis[]) {
        const got = await api.entities.asOf({ ...invoice, asOf, basis });
        const want = replayAsOf(events, new Date(asOf), basis);
        expect({ events: got.events, state: got.state, loops: got.loops }, `${basis} at ${asOf}`).toEqual({ ...want, state: want.state && factsOf(want.state) });
        expect(got).toMatchObject({ basis, totalEvents: 3 });
      }
    }

    // Between the payment's business time and its record time the two bases disagree.
    const occurred = await api.entities.asOf({ ...invoice, asOf: beforePayment.toISOString(), basis: "occurred" });
    const recorded = await api.entities.asOf({ ...invoice, asOf: beforePayment.toISOString(), basis: "recorded" });
    expect(occurred.events.map((e) => e.event_type)).toEqual(["invoice_issued", "payment_received"]);
    expect(occurred.loops).toEqual([]); // as we now know: paid before it fell due, never overdue
    expect(recorded.events.map((e) => e.event_type)).toEqual(["invoice_issued"]);
    expect(recorded.loops).toEqual([expect.objectContaining({ type: "invoice_overdue", status: "active", severity: "high" })]);
  });

  it("a deal's loops as of each moment follow the pure replay, and another org gets NOT_FOUND", async () => {
    const orgId = randomUUID();
    const api = apiCaller(db.pool, { orgId });
    const deal = { id: randomUUID(), type: "deal" as const };
    const t0 = Date.now();
    const steps = [
      eventOf("lead_created", { entity: deal, occurred_at: iso(t0 - 9 * DAY), payload: { name: "Ada" } }),
      eventOf("quote_requested", { entity: deal, occurred_at: iso(t0 - 8 * DAY), payload: {} }),
      eventOf("quote_sent", { entity: deal, occurred_at: iso(t0 - 4 * DAY), payload: { amount_cents: 5000, currency: "EUR" } }),
    ];
    for (const e of steps) await api.events.append(e);
    const events = await loggedEvents(db.pool, orgId);
    for (let h = -10 * 24; h <= 5 * 24; h += 7) {
      const asOf = iso(t0 + h * 3_600_000);
      for (const basis of ["occurred", "recorded"] as TimeBasis[]) {
        const got = await api.entities.asOf({ ...deal, asOf, basis });
        const want = replayAsOf(events, new Date(asOf), basis);
        expect({ events: got.events, state: got.state, loops: got.loops }, `${basis} at ${asOf}`).toEqual({ ...want, state: want.state && factsOf(want.state) });
        // The loop records are given once, derived: the state carries no copy of them.
        expect(got.state && "loops" in got.state).toBeFalsy();
      }
    }
    const other = apiCaller(db.pool, { orgId: randomUUID() });
    expect((await callError(other.entities.asOf({ ...deal, asOf: iso(t0), basis: "occurred" }))).code).toBe("NOT_FOUND");
  });
});
