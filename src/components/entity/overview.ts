import type { EntityType } from "~/domain/events";
import type { LoopType } from "~/domain/loops";

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
  /** Per event in log order: occurred_at and created_at as epoch ms, and the event type. */
  occurred: number[];
  recorded: number[];
  eventTypes: string[];
  /** Loop id → loop type, for payloads that name a loop (loop_dismissed, loop_resolved). */
  loopTypes: Record<string, LoopType>;
  /** User id → name, for actors. */
  people: Record<string, string>;
  viewerId: string;
  /** Follow-ups scheduled about this entity, newest first. */
  followups: { id: string; title: string; status: string | null }[];
};
