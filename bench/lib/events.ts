import { randomUUID } from "node:crypto";
import type { SystemEventInput } from "../../src/domain/events";

const ACTOR = { id: "0190b000-0000-7000-8000-000000000001", type: "system" as const }; // an API key may not name a user (issue 8)

/**
 * Distinct, valid events for the benchmark: mostly new leads, plus quotes and notes on recent
 * deals (so some appends extend an existing entity). Each carries the entity version it will get,
 * which the raw-INSERT baselines need; the API assigns its own. `newId`: how ids are made (random
 * UUIDs unless a bench asks for time-ordered ones).
 */
export function eventFactory(newId: () => string = randomUUID) {
  const recent: string[] = [];
  const versions = new Map<string, number>();
  let n = 0;
  return function next(): { event: SystemEventInput; version: number } {
    n++;
    const occurred_at = new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString();
    const kind = recent.length < 50 ? 0 : n % 5;
    let event: SystemEventInput;
    if (kind <= 2) {
      const deal = newId();
      if (recent.length < 200) recent.push(deal);
      else recent[n % 200] = deal;
      event = {
        id: newId(), event_type: "lead_created", occurred_at, actor: ACTOR,
        primary_entity: { id: deal, type: "deal" }, payload: { name: `Lead ${n}`, source: "website", value_cents: 25_000 + (n % 1000) * 100 },
      };
    } else {
      const deal = recent[(n * 7919) % recent.length]!;
      event = kind === 3
        ? { id: newId(), event_type: "quote_sent", occurred_at, actor: ACTOR, primary_entity: { id: deal, type: "deal" },
            payload: { amount_cents: 30_000 + (n % 500) * 100, currency: "EUR", valid_until: "2026-12-31T00:00:00.000Z" } }
        : { id: newId(), event_type: "note_added", occurred_at, actor: ACTOR, primary_entity: { id: deal, type: "deal" },
            payload: { text: `Called back about the order, note ${n}.` } };
    }
    const key = event.primary_entity.id;
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    return { event, version };
  };
}
