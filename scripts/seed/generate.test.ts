import { describe, expect, it } from "vitest";
import { type SystemEventInput, systemEventInput } from "~/domain/events";
import { generateOrgEvents, planOrgs } from "./generate";

const NOW = new Date("2026-11-26T12:00:00Z");
const DAY = 86_400_000;

function generate(seed: string, orgs: number, events: number) {
  return planOrgs(seed, orgs, events).map((plan) => ({ plan, events: generateOrgEvents(seed, plan, NOW) }));
}

const byEntity = (events: SystemEventInput[]) => {
  const m = new Map<string, SystemEventInput[]>();
  for (const e of events) m.set(e.primary_entity.id, [...(m.get(e.primary_entity.id) ?? []), e]);
  return m;
};

/** Events that reach the log after an event of their entity that happened at least a day later. */
function lateArrivals(events: SystemEventInput[]): number {
  let late = 0;
  for (const stream of byEntity(events).values()) {
    let latest = -Infinity;
    for (const e of stream) {
      const at = Date.parse(e.occurred_at);
      if (latest >= at + DAY) late++;
      latest = Math.max(latest, at);
    }
  }
  return late;
}

/** The first problem with one entity's stream in append order, or null when it is causal. */
function causalProblem(stream: SystemEventInput[]): string | null {
  const first = { deal: "lead_created", invoice: "invoice_issued", followup: "followup_scheduled", client: "note_added" };
  const head = stream[0]!;
  if (head.event_type !== first[head.primary_entity.type]) return `${head.primary_entity.type} starts with ${head.event_type}`;
  const seen = new Set<string>();
  let closed: string | null = null;
  let lastLifecycle = -Infinity;
  let paid = 0;
  for (const e of stream) {
    const t = e.event_type;
    if (t !== "note_added" && t !== "payment_received") {
      if (closed) return `${t} after ${closed}`;
      const at = Date.parse(e.occurred_at);
      if (at < lastLifecycle) return `${t} occurred before the step it follows`;
      lastLifecycle = at;
    }
    if (t === "quote_accepted" && !seen.has("quote_sent")) return "quote_accepted without a quote_sent";
    if (t === "quote_sent" && !seen.has("lead_created")) return "quote_sent before lead_created";
    if (t === "quote_accepted" || t === "quote_rejected" || t === "followup_sent" || t === "followup_dismissed") closed = t;
    if (t === "payment_received") {
      paid += e.payload.amount_cents;
      const issued = stream.find((x) => x.event_type === "invoice_issued")!;
      if (issued.event_type === "invoice_issued" && paid > issued.payload.amount_cents) return "paid more than the invoice";
    }
    seen.add(t);
  }
  return null;
}

describe("seed generator", () => {
  it("gives identical events for the same seed and different ones for another seed", () => {
    const a = generate("alpha", 2, 3000);
    expect(generate("alpha", 2, 3000)).toEqual(a);
    const b = generate("beta", 2, 3000);
    const idsA = new Set(a.flatMap((o) => o.events.map((e) => e.id)));
    expect(b.flatMap((o) => o.events).filter((e) => idsA.has(e.id))).toEqual([]);
    expect(b.map((o) => o.plan.orgId)).not.toEqual(a.map((o) => o.plan.orgId));
  });

  it("makes exactly the requested number of events, split over the orgs, with unique ids", () => {
    const orgs = generate("count", 3, 4321);
    expect(orgs.map((o) => o.events.length)).toEqual(orgs.map((o) => o.plan.events));
    expect(orgs.reduce((n, o) => n + o.events.length, 0)).toBe(4321);
    const ids = orgs.flatMap((o) => o.events.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(generate("tiny", 2, 3).map((o) => o.events.length).reduce((a, b) => a + b)).toBe(3);
  });

  it.each(["alpha", "gamma", "42"])("writes valid events in causal order for seed %s", (seed) => {
    for (const { events } of generate(seed, 2, 2500)) {
      const invalid = events.filter((e) => !systemEventInput.safeParse(e).success);
      expect(invalid).toEqual([]);
      expect(events.filter((e) => Date.parse(e.occurred_at) > NOW.getTime())).toEqual([]);
      const problems = [...byEntity(events).values()].map(causalProblem).filter((p) => p !== null);
      expect(problems).toEqual([]);
      const accepted = new Map(events.filter((e) => e.event_type === "quote_accepted").map((e) => [e.primary_entity.id, e.occurred_at]));
      for (const e of events) {
        if (e.event_type !== "invoice_issued") continue;
        expect(accepted.has(e.payload.deal_id!)).toBe(true);
        expect(Date.parse(e.occurred_at)).toBeGreaterThanOrEqual(Date.parse(accepted.get(e.payload.deal_id!)!));
        expect(e.payload.number).toMatch(/^INV-\d{4}-\d{4}$/);
      }
    }
  });

  it("spreads a lifecycle over months, with late arrivals and some work still open near now", () => {
    const events = generate("alpha", 2, 4000).flatMap((o) => o.events);
    expect(lateArrivals(events) / events.length).toBeGreaterThanOrEqual(0.02);
    const first = Math.min(...events.map((e) => Date.parse(e.occurred_at)));
    expect(NOW.getTime() - first).toBeGreaterThan(60 * DAY);
    const recentLeads = events.filter((e) => e.event_type === "lead_created" && NOW.getTime() - Date.parse(e.occurred_at) < 2 * DAY);
    expect(recentLeads.length).toBeGreaterThan(0);
    const types = new Set(events.map((e) => e.event_type));
    for (const t of ["quote_requested", "quote_rejected", "payment_received", "followup_sent", "followup_dismissed", "note_added"]) {
      expect(types).toContain(t);
    }
    expect(new Set(events.map((e) => e.actor!.type))).toEqual(new Set(["user", "system", "client"]));
  });
});
