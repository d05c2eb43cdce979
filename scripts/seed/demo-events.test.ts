import { describe, expect, it } from "vitest";
import { type LoggedEvent, type SystemEventInput, systemEventInput } from "~/domain/events";
import { LOOP_TYPES, loopsOf } from "~/domain/loops";
import { demoEvents } from "./demo-events";

const OWNER = { id: "0190a000-0000-7000-8000-000000000001", type: "user" as const };
const ORG = "0190a000-0000-7000-8000-0000000000aa";

/** The log as the store would hold it, so the domain's replay can derive the loops. */
function asLogged(events: SystemEventInput[], now: Date): LoggedEvent[] {
  const versions = new Map<string, number>();
  return events.map((e, i) => {
    const v = (versions.get(e.primary_entity.id) ?? 0) + 1;
    versions.set(e.primary_entity.id, v);
    return { ...e, org_id: ORG, actor: e.actor!, created_at: now.toISOString(), position: i + 1, entity_version: v } as LoggedEvent;
  });
}

describe("demo bakery events", () => {
  // Different times of day and year: the open work must not depend on when `npm start` first ran.
  it.each(["2026-11-26T12:00:00Z", "2026-03-01T03:10:00Z", "2027-06-06T22:45:30Z"])("at %s: a small valid log with 5-15 open loops of every type", (at) => {
    const now = new Date(at);
    const events = demoEvents(now, OWNER);
    expect(events.length).toBeGreaterThanOrEqual(150);
    expect(events.length).toBeLessThanOrEqual(300);
    expect(events.filter((e) => !systemEventInput.safeParse(e).success)).toEqual([]);
    expect(events.filter((e) => Date.parse(e.occurred_at) > now.getTime())).toEqual([]);

    const active = loopsOf(asLogged(events, now), now).filter((l) => l.status === "active");
    expect(active.length).toBeGreaterThanOrEqual(5);
    expect(active.length).toBeLessThanOrEqual(15);
    expect(new Set(active.map((l) => l.type))).toEqual(new Set(LOOP_TYPES));
    expect(new Set(active.map((l) => l.severity))).toEqual(new Set(["medium", "high"]));
    expect(events.some((e) => e.actor!.id === OWNER.id)).toBe(true);

    // Every client a lead names is a named client, created (and recorded) before its first lead.
    const created = new Map(events.flatMap((e, i) => (e.event_type === "client_created" ? [[e.primary_entity.id, { e, i }] as const] : [])));
    const leads = events.flatMap((e, i) => (e.event_type === "lead_created" && e.payload.client_id ? [{ e, i, client: e.payload.client_id }] : []));
    expect(leads.length).toBeGreaterThan(10);
    for (const lead of leads) {
      const c = created.get(lead.client)!;
      expect(c.e.payload).toMatchObject({ name: lead.e.payload.name });
      expect(c.i).toBeLessThan(lead.i);
      expect(Date.parse(c.e.occurred_at)).toBeLessThan(Date.parse(lead.e.occurred_at));
    }
  });
});
