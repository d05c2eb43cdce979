import { randomUUID } from "node:crypto";
import type { SystemEventInput } from "../../src/domain/events";

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

export function noteOn(entity: { id: string; type: "deal" | "invoice" | "client" | "followup" }, text = "hello"): SystemEventInput {
  return {
    id: randomUUID(),
    event_type: "note_added",
    occurred_at: new Date("2026-11-03T09:00:00Z").toISOString(),
    actor: SYSTEM_ACTOR,
    primary_entity: entity,
    payload: { text },
  };
}
