// Test support: builds a log of LoggedEvents the way the event store would (positions and
// entity versions in append order, record time from a test clock). Not used by production code.
import type { EntityType, EventType, LoggedEvent, LoggedEventOf, PayloadOf } from "../events";
import { foldAll } from "../entities/fold";
import type { EntityState } from "../entities/state";

export const ORG = "00000000-0000-4000-8000-00000000a001";
export const ACTOR = { id: "00000000-0000-4000-8000-00000000b001", type: "user" as const };
export const DEAL = { type: "deal" as const, id: "00000000-0000-4000-8000-00000000d001" };
export const INVOICE = { type: "invoice" as const, id: "00000000-0000-4000-8000-00000000f001" };
export const FOLLOWUP = { type: "followup" as const, id: "00000000-0000-4000-8000-00000000c001" };
export const CLIENT = { type: "client" as const, id: "00000000-0000-4000-8000-00000000e001" };

export type Target = { type: EntityType; id: string };

/** Sequential, valid UUIDs so that failures are readable. */
export const eventIdFor = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

export class TestLog {
  readonly events: LoggedEvent[] = [];
  private readonly versions = new Map<string, number>();

  /** Appends an event; created_at defaults to occurred_at (recorded as it happened). */
  add<T extends EventType>(
    target: Target,
    event_type: T,
    payload: PayloadOf<T>,
    occurred_at: string,
    created_at: string = occurred_at,
  ): LoggedEventOf<T> {
    const key = `${target.type}:${target.id}`;
    const entity_version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, entity_version);
    const position = this.events.length + 1;
    const event = {
      id: eventIdFor(position),
      org_id: ORG,
      event_type,
      occurred_at,
      actor: ACTOR,
      primary_entity: { ...target },
      payload,
      created_at,
      position,
      entity_version,
    } as unknown as LoggedEventOf<T>;
    this.events.push(event);
    return event;
  }
}

/** The folded state of the single entity a test log is about. */
export function stateOf(events: readonly LoggedEvent[]): EntityState {
  const [state, ...others] = foldAll(events).values();
  if (!state || others.length > 0) throw new Error("stateOf expects the events of exactly one entity");
  return state;
}
