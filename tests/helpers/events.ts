import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { EntityType, EventType, PayloadOf, SystemEventInput } from "../../src/domain/events";

export const SYSTEM_ACTOR = { id: "00000000-0000-4000-8000-000000000001", type: "system" as const };

/** A valid lead_created event, overridable field by field. */
export function leadCreated(over: Partial<Record<string, unknown>> = {}): SystemEventInput {
  return {
    id: randomUUID(),
    event_type: "lead_created",
    occurred_at: new Date("2026-11-02T09:00:00Z").toISOString(),
    actor: SYSTEM_ACTOR,
    primary_entity: { id: randomUUID(), type: "deal" },
    payload: { name: "Jane Doe", source: "website" },
    ...over,
  } as SystemEventInput;
}

export function noteOn(entity: { id: string; type: EntityType }, text = "hello"): SystemEventInput {
  return {
    id: randomUUID(),
    event_type: "note_added",
    occurred_at: new Date("2026-11-03T09:00:00Z").toISOString(),
    actor: SYSTEM_ACTOR,
    primary_entity: entity,
    payload: { text },
  };
}

/** One valid payload per event type: the required fields and a typical optional one. */
export const SAMPLE_PAYLOADS: { [T in EventType]: PayloadOf<T> } = {
  lead_created: { name: "Jane Doe", source: "website", value_cents: 120_000 },
  quote_requested: { due_at: "2026-11-05T17:00:00Z" },
  quote_sent: { amount_cents: 150_000, currency: "EUR", valid_until: "2026-12-01T00:00:00+01:00" },
  quote_accepted: { amount_cents: 150_000 },
  quote_rejected: { reason: "too expensive" },
  invoice_issued: { amount_cents: 150_000, currency: "EUR", due_at: "2026-12-15T00:00:00Z", number: "2026-0042" },
  payment_received: { amount_cents: 50_000, currency: "EUR" },
  followup_scheduled: { due_at: "2026-11-10T09:00:00Z", note: "call back" },
  followup_sent: { channel: "email" },
  followup_dismissed: { reason: "no longer needed" },
  note_added: { text: "Met at the fair" },
  loop_dismissed: { loop_id: "c3a0e51d-36ad-5006-839b-88525c21f206", reason: "handled by phone" },
  loop_resolved: { loop_id: "c3a0e51d-36ad-5006-839b-88525c21f206" },
  // until: after eventOf's occurred_at (2026-11-02T09:00Z), within a year of it.
  loop_snoozed: { loop_id: "c3a0e51d-36ad-5006-839b-88525c21f206", until: "2026-11-05T08:00:00Z", note: "after the holidays" },
  loop_reopened: { loop_id: "c3a0e51d-36ad-5006-839b-88525c21f206", note: "undo" },
  client_created: { name: "Ada Lovelace", email: "ada@example.com", phone: "+44 20 7946 0000", company: "Analytical Engines Ltd" },
  client_updated: { email: "ada@engines.example" },
};

/** The payload fields each type requires (an oracle written by hand, not derived from the schemas). */
export const REQUIRED_PAYLOAD_FIELDS: { [T in EventType]: string[] } = {
  lead_created: ["name"],
  quote_requested: [],
  quote_sent: ["amount_cents", "currency"],
  quote_accepted: [],
  quote_rejected: [],
  invoice_issued: ["amount_cents", "currency", "due_at"],
  payment_received: ["amount_cents", "currency"],
  followup_scheduled: ["due_at"],
  followup_sent: [],
  followup_dismissed: [],
  note_added: ["text"],
  loop_dismissed: ["loop_id"],
  loop_resolved: ["loop_id"],
  loop_snoozed: ["loop_id", "until"],
  loop_reopened: ["loop_id"],
  client_created: ["name"],
  client_updated: [],
};

/** The entity type each event is about by default (the first its catalog entry allows). */
export const DEFAULT_ENTITY: { [T in EventType]: EntityType } = {
  lead_created: "deal",
  quote_requested: "deal",
  quote_sent: "deal",
  quote_accepted: "deal",
  quote_rejected: "deal",
  invoice_issued: "invoice",
  payment_received: "invoice",
  followup_scheduled: "followup",
  followup_sent: "followup",
  followup_dismissed: "followup",
  note_added: "deal",
  loop_dismissed: "deal",
  loop_resolved: "deal",
  loop_snoozed: "deal",
  loop_reopened: "deal",
  client_created: "client",
  client_updated: "client",
};

/** A valid event of any type, with an API-key actor; fields overridable. */
export function eventOf<T extends EventType>(
  type: T,
  over: { entity?: { id: string; type: EntityType }; payload?: Record<string, unknown> } & Partial<Record<string, unknown>> = {},
): SystemEventInput {
  const { entity, ...rest } = over;
  return {
    id: randomUUID(),
    event_type: type,
    occurred_at: "2026-11-02T09:00:00.000Z",
    actor: SYSTEM_ACTOR,
    primary_entity: entity ?? { id: randomUUID(), type: DEFAULT_ENTITY[type] },
    payload: SAMPLE_PAYLOADS[type],
    ...rest,
  } as SystemEventInput;
}

/** Rows in the log, for one org or in all: tests assert "nothing written" with it. */
export async function eventCount(db: pg.Pool, orgId?: string): Promise<number> {
  const res = orgId
    ? await db.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events WHERE org_id = $1", [orgId])
    : await db.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events");
  return res.rows[0]!.n;
}
