// Test support: fast-check arbitraries for random logs over a few entities, with batches and
// ticks as the live projector would see them. Not used by production code.
import fc from "fast-check";
import { CLIENT, DEAL, FOLLOWUP, INVOICE, TestLog, type Target } from "./fixtures";
import type { EventType, LoggedEvent, PayloadOf } from "../events";
import { HOUR_MS } from "../loops/instants";
import { loopId } from "../loops/ids";
import type { LoopType } from "../loops/types";

const other = (t: Target, n: string): Target => ({ ...t, id: `${t.id.slice(0, -1)}${n}` });
export const ENTITIES: Target[] = [
  ...[DEAL, INVOICE, FOLLOWUP].flatMap((t) => [t, other(t, "2")]),
  CLIENT,
];

// Loop commands name a random loop (this entity's or any, active, closed or unknown): many are
// ones the fold must ignore (a snooze of a closed loop, a reopen of a loop a quote or payment closed…).
const COMMANDS = ["note_added", "loop_dismissed", "loop_resolved", "loop_snoozed", "loop_reopened"] as const;
/** The event types drawn on each kind of entity; a repeat makes a type more frequent. */
const TYPES = {
  deal: ["lead_created", "quote_requested", "quote_sent", "quote_accepted", "quote_rejected", ...COMMANDS],
  invoice: ["invoice_issued", "payment_received", "payment_received", "payment_received", ...COMMANDS],
  followup: ["followup_scheduled", "followup_scheduled", "followup_sent", "followup_dismissed", ...COMMANDS],
  client: ["client_created", "client_updated", ...COMMANDS],
} as const satisfies Record<Target["type"], readonly EventType[]>;
// Every event type is drawn somewhere: a new one fails to compile here until it is listed above.
type Undrawn = Exclude<EventType, (typeof TYPES)[keyof typeof TYPES][number]>;
const _everyTypeDrawn: [Undrawn] extends [never] ? true : Undrawn = true;

/** The loop each event type opens (its own oracle, written from the rules' table, not imported). */
const OPENS: Record<EventType, LoopType | null> = {
  lead_created: "new_lead",
  quote_requested: "quote_needed",
  quote_sent: "decision_pending",
  quote_accepted: null,
  quote_rejected: null,
  invoice_issued: "invoice_overdue",
  payment_received: null,
  followup_scheduled: "followup_due",
  followup_sent: null,
  followup_dismissed: null,
  note_added: null,
  loop_dismissed: null,
  loop_resolved: null,
  loop_snoozed: null,
  loop_reopened: null,
  client_created: null,
  client_updated: null,
};
const NO_SUCH_LOOP = "00000000-0000-4000-8000-00000000ffff";

const step = fc.record({
  entity: fc.nat({ max: ENTITIES.length - 1 }),
  kind: fc.nat(),
  pick: fc.nat(),
  gapMin: fc.integer({ min: 0, max: 12 * 60 }),
  /** occurred_at relative to record time: negative = late-arriving, positive = future-dated. */
  occurredH: fc.integer({ min: -10 * 24, max: 3 * 24 }),
  dueH: fc.integer({ min: -24, max: 10 * 24 }),
  amount: fc.integer({ min: 1, max: 300 }),
  optional: fc.boolean(),
  endsBatch: fc.boolean(),
  /** After the batch: no tick, a tick some hours later, or a tick exactly at the next change. */
  tick: fc.oneof(fc.constant(null), fc.constant("next" as const), fc.integer({ min: 0, max: 5 * 24 })),
});
type StepValue = typeof step extends fc.Arbitrary<infer T> ? T : never;

export const scenario = fc.record({
  steps: fc.array(step, { minLength: 1, maxLength: 80, size: "medium" }),
  finalMin: fc.integer({ min: 0, max: 30 * 24 * 60 }),
});

export type Batch = { events: LoggedEvent[]; tick: null | "next" | number };

/** Turns generated steps into a log, cut into batches; record time starts at T0. */
export function buildLog(steps: readonly StepValue[], t0 = Date.parse("2025-01-06T00:00:00Z")): Batch[] {
  const log = new TestLog();
  const batches: Batch[] = [];
  let current: LoggedEvent[] = [];
  let recMs = t0;
  for (const s of steps) {
    const target = ENTITIES[s.entity]!;
    const types = TYPES[target.type];
    const type = types[s.kind % types.length]!;
    recMs += s.gapMin * 60_000;
    const occMs = recMs + s.occurredH * HOUR_MS;
    const due = new Date(occMs + s.dueH * HOUR_MS).toISOString();
    const payload = payloadFor(type, { s, due, occMs, recMs, earlier: log.events, target });
    current.push(log.add(target, type, payload as never, new Date(occMs).toISOString(), new Date(recMs).toISOString()));
    if (s.endsBatch) {
      batches.push({ events: current, tick: s.tick });
      current = [];
    }
  }
  if (current.length > 0) batches.push({ events: current, tick: null });
  return batches;
}

type PayloadInput = { s: StepValue; due: string; occMs: number; recMs: number; earlier: readonly LoggedEvent[]; target: Target };

/**
 * A loop ever opened on this entity, most often one of its latest three (likely still active), or
 * a third of the time any loop of the log (often another entity's), active or closed, or none.
 */
function someLoop({ s, earlier, target }: PayloadInput): { loop_id: string } {
  const local = s.optional || s.gapMin % 3 !== 0;
  const pool = local ? earlier.filter((e) => e.primary_entity.id === target.id) : earlier;
  const ids = pool.flatMap((e) => {
    const opened = OPENS[e.event_type];
    return opened ? [loopId(e.id, opened)] : [];
  });
  const picked = local ? ids[ids.length - 1 - (s.pick % Math.min(3, ids.length || 1))] : ids[s.pick % (ids.length + 1)];
  return { loop_id: picked ?? NO_SUCH_LOOP };
}

/** Undo: half the time a loop an earlier command named (dismissed, resolved or snoozed), else any. */
function undoTarget(input: PayloadInput): { loop_id: string } {
  const { s, earlier, target } = input;
  const named = earlier.flatMap((e) =>
    e.primary_entity.id === target.id && (e.event_type === "loop_dismissed" || e.event_type === "loop_resolved" || e.event_type === "loop_snoozed")
      ? [e.payload.loop_id]
      : [],
  );
  return s.optional && named.length > 0 ? { loop_id: named[s.pick % named.length]! } : someLoop(input);
}

/** One payload maker per event type: a new type fails to compile here until it has one. */
const PAYLOAD: { [T in EventType]: (input: PayloadInput) => PayloadOf<T> } = {
  lead_created: ({ s }) => ({ name: `Lead ${s.pick % 5}` }),
  quote_requested: ({ s, due }) => (s.optional ? { due_at: due } : {}),
  quote_sent: ({ s, due }) => (s.optional ? { ...money(s), valid_until: due } : money(s)),
  quote_accepted: ({ s }) => (s.optional ? { amount_cents: s.amount } : {}),
  quote_rejected: () => ({}),
  invoice_issued: ({ s, due }) => ({ ...money(s), due_at: due }),
  payment_received: ({ s }) => ({ ...money(s), amount_cents: 1 + (s.amount % 120) }),
  followup_scheduled: ({ s, due }) => (s.optional ? { due_at: due, note: "call" } : { due_at: due }),
  followup_sent: () => ({}),
  followup_dismissed: () => ({}),
  note_added: ({ s }) => ({ text: `note ${s.pick}` }),
  loop_dismissed: someLoop,
  loop_resolved: someLoop,
  // Until 1 to 96 hours (optionally up to 12 days) after it was snoozed or recorded, whichever is
  // later: some wake within the run, some do not; a late-recorded one may still run when recorded.
  loop_snoozed: (input) => {
    const { s, occMs, recMs } = input;
    const hours = 1 + (s.amount % (s.optional ? 300 : 96));
    return { ...someLoop(input), until: new Date(Math.max(occMs, recMs) + hours * HOUR_MS).toISOString() };
  },
  loop_reopened: (input) => (input.s.gapMin % 2 ? { ...undoTarget(input), note: "undo" } : undoTarget(input)),
  client_created: ({ s }) => (s.optional ? { name: `Client ${s.pick % 5}`, email: `c${s.pick % 3}@example.com` } : { name: `Client ${s.pick % 5}` }),
  client_updated: ({ s }) => [{ name: `Renamed ${s.pick % 3}` }, { email: null, phone: "+44 20 7946 0000" }, { company: `Co ${s.pick % 4}` }][s.pick % 3]!,
};

const money = (s: StepValue) => ({ amount_cents: s.amount, currency: "EUR" });

function payloadFor(type: EventType, input: PayloadInput): unknown {
  return PAYLOAD[type](input);
}
