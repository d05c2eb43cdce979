import type { Faker } from "@faker-js/faker";
import type { Actor, EntityType, EventType, PayloadOf, SystemEventInput } from "~/domain/events";
import type { OrgProfile } from "./business";
import type { Rng } from "./prng";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type EntityRef = { id: string; type: EntityType };
export type Client = { id: string; name: string; email: string; company: boolean };

/**
 * A generated event plus what ordering needs: `at` is its business time, `recordAt` when it
 * reaches the log (later than `at` for late arrivals), `seq` the creation order used to break
 * ties, so that a cause always precedes its effects.
 */
export type Draft = { event: SystemEventInput; at: number; recordAt: number; seq: number };

/** What every story builder draws on: randomness, names, the org, and the event sink. */
export type StoryContext = {
  rng: Rng;
  faker: Faker;
  profile: OrgProfile;
  /** No invoice is left unpaid for good (the demo wants a fully settled history). */
  settled: boolean;
  /** Events of the story being built; the caller takes them when the story is done. */
  drafts: Draft[];
  emit<T extends EventType>(type: T, at: number, entity: EntityRef, actor: Actor, payload: PayloadOf<T>): Draft;
};

export function storyContext(rng: Rng, faker: Faker, profile: OrgProfile, settled = false): StoryContext {
  let seq = 0;
  const ctx: StoryContext = {
    rng,
    faker,
    profile,
    settled,
    drafts: [],
    emit(type, at, entity, actor, payload) {
      const ms = Math.round(at / 1000) * 1000; // whole seconds, like a person's records
      const event = { id: rng.uuid(), event_type: type, occurred_at: new Date(ms).toISOString(), actor, primary_entity: entity, payload };
      const d: Draft = { event: event as SystemEventInput, at: ms, recordAt: ms, seq: seq++ };
      ctx.drafts.push(d);
      return d;
    },
  };
  return ctx;
}

export const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString();

/** A person acts in office hours: a time at night moves to the next morning. */
export function officeHours(rng: Rng, ms: number): number {
  const d = new Date(ms);
  const h = d.getUTCHours();
  if (h >= 8 && h < 19) return ms;
  const morning = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + (h >= 19 ? 1 : 0), 8);
  return morning + rng.int(0, 150) * MINUTE;
}

/** The next step of a story: at least a minute after the previous one. */
export const after = (prev: number, ms: number) => Math.max(prev + MINUTE, ms);

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const userOf = (ctx: StoryContext): Actor => ctx.rng.pick(ctx.profile.users);
export const clientActor = (c: Client): Actor => ({ id: c.id, type: "client" });

/** A price in whole currency units of 5, as people quote. */
export const roundPrice = (cents: number) => Math.max(500, Math.round(cents / 500) * 500);
