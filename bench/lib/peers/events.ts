import { randomUUID } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { SystemEventInput } from "../../../src/domain/events";

const ACTOR = { id: "0190b000-0000-7000-8000-0000000000e1", type: "system" as const }; // an API key may not name a user (issue 8)
let n = 0;

/** The same business fact for both stores: a lead on a deal (ours as a SystemEvent, Emmett's as type + data + metadata). */
export function lead(dealId: string): SystemEventInput {
  n++;
  return {
    id: newId(),
    event_type: "lead_created",
    occurred_at: new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString(),
    actor: ACTOR,
    primary_entity: { id: dealId, type: "deal" },
    payload: { name: `Lead ${n}`, source: "website", value_cents: 25_000 + (n % 1000) * 100 },
  };
}

export function note(dealId: string): SystemEventInput {
  n++;
  return {
    id: newId(),
    event_type: "note_added",
    occurred_at: new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString(),
    actor: ACTOR,
    primary_entity: { id: dealId, type: "deal" },
    payload: { text: `Called back about the order, note ${n}.` },
  };
}

/** Emmett's message for one of ours: the payload as data; what our columns hold besides, as metadata. */
export function asEmmett(e: SystemEventInput) {
  return {
    type: e.event_type,
    data: e.payload as Record<string, unknown>,
    metadata: { eventId: e.id, occurredAt: e.occurred_at, actorId: e.actor!.id, actorType: e.actor!.type },
  };
}

/**
 * Event and stream ids on every side: time-ordered (v7) by default, as docs/api.md recommends and the
 * app makes them; `--ids v4` for random ones. Emmett's stream ids are made of the same entity ids.
 */
export type IdKind = "v7" | "v4";
let idKind: IdKind = "v7";
export const useIds = (kind: IdKind) => void (idKind = kind);
export const newId = () => (idKind === "v7" ? uuidv7() : randomUUID());
