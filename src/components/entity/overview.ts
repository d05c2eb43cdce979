import type { EntityFacts } from "~/domain/entities";
import type { EntityType, LoggedEvent } from "~/domain/events";
import type { Loop, LoopType } from "~/domain/loops";
import type { TimeBasis } from "~/domain/time-travel";

/** An event as the loop provenance names it. */
export type EventRef = { event_type: string; occurred_at: string };

/** The entity at one moment: its folded state, its loops, and the events those loops name. */
export type MomentView = {
  at: number | null;
  basis: TimeBasis;
  state: EntityFacts | null;
  loops: Loop[];
  refs: Record<string, EventRef>;
};

/**
 * What the page's server component hands the client: the entity's identity and, compactly, the
 * instants of all its events (so the scrubber can step through thousands without loading them).
 */
export type EntityOverview = {
  type: EntityType;
  id: string;
  title: string;
  /** Default currency for money forms: the invoice's, or the deal's last quote's. */
  currency: string | null;
  /** A follow-up's subject, linked from the header. */
  about: { type: EntityType; id: string; title: string } | null;
  /** Whom a deal or an invoice is for (its client_id) and an invoice's deal, by name, linked from the header. */
  for: { type: EntityType; id: string; title: string }[];
  /** Per event in log order, packed (compact.ts): occurred_at and created_at as epoch ms, and the type. */
  packed: { occurred: number[]; recorded: number[]; types: number[] };
  /** Loop id → loop type, for payloads that name a loop (loop_dismissed, loop_resolved). */
  loopTypes: Record<string, LoopType>;
  /** User id → name, for actors. */
  people: Record<string, string>;
  viewerId: string;
  /** The moment the page opened on, replayed on the server so the first paint needs no round trip. */
  initial: MomentView;
  /** The newest events (entities.timeline's first page), so the list needs no round trip to start. */
  firstPage: { items: LoggedEvent[]; nextCursor: number | null };
  /** Follow-ups scheduled about this entity, newest first, with when each was scheduled and recorded (ISO). */
  followups: { id: string; title: string; status: string | null; scheduled_at: string; recorded_at: string }[];
};
