import type { Faker } from "@faker-js/faker";
import type { SystemEventInput } from "~/domain/events";
import { byTime, delayRecording, inAppendOrder, numberInvoices } from "./arrange";
import type { OrgProfile } from "./business";
import { clientNoteOn, newClient } from "./clients";
import { dealStory } from "./deal-story";
import type { Rng } from "./prng";
import { type Client, DAY, type Draft, type EntityRef, type StoryContext, storyContext, userOf } from "./story-writer";

/** Rough events per lead, used only to stretch the rate so a big seed spans about a year. */
const EVENTS_PER_LEAD = 5;
const MAX_SPAN_DAYS = 365;

/**
 * Exactly `count` events for one org, in append order, all with occurred_at ≤ now. Leads are
 * laid out backwards from `now` (fewer at weekends) and each lead's story is cut at `now`, so
 * the latest ones are naturally still open. If the last story does not fit, notes make up the rest.
 */
export function orgEvents(rng: Rng, faker: Faker, profile: OrgProfile, count: number, now: number): SystemEventInput[] {
  const ctx = storyContext(rng, faker, profile);
  const perMs = Math.max(profile.leadsPerDay, count / (EVENTS_PER_LEAD * MAX_SPAN_DAYS)) / DAY;
  const kept: Draft[] = [];
  const clients: Client[] = [];
  let cursor = now;
  while (kept.length < count) {
    cursor -= -Math.log(1 - rng.next()) / perMs;
    const day = new Date(cursor).getUTCDay();
    if ((day === 0 || day === 6) && rng.chance(0.6)) continue;
    const client = clients.length > 0 && rng.chance(0.2) ? rng.pick(clients) : newClient(ctx);
    dealStory(ctx, cursor, client);
    if (rng.chance(0.06)) clientNoteOn(ctx, client, cursor + rng.next() * 5 * DAY);
    const story = ctx.drafts.splice(0).filter((d) => d.at <= now);
    if (kept.length + story.length > count) {
      if (kept.length === 0) kept.push(...story.sort(byTime).slice(0, count));
      else fillWithNotes(ctx, kept, count - kept.length, now);
      break;
    }
    kept.push(...story);
    if (!clients.includes(client)) clients.push(client);
  }
  numberInvoices(kept);
  delayRecording(rng, kept);
  return inAppendOrder(kept);
}

/** Notes on entities already in the log, each after that entity's first event. */
function fillWithNotes(ctx: StoryContext, kept: Draft[], n: number, now: number) {
  const first = new Map<string, { ref: EntityRef; at: number }>();
  for (const d of [...kept].sort(byTime)) {
    const ref = d.event.primary_entity;
    if (!first.has(ref.id)) first.set(ref.id, { ref, at: d.at });
  }
  const entities = [...first.values()];
  for (let i = 0; i < n; i++) {
    const { ref, at } = ctx.rng.pick(entities);
    // `at` is in whole seconds; stepping in whole seconds keeps the note at or before now.
    const when = at + Math.floor(ctx.rng.next() * Math.floor((now - at) / 1000)) * 1000;
    ctx.emit("note_added", when, ref, userOf(ctx), { text: "Checked the file; nothing to add." });
  }
  kept.push(...ctx.drafts.splice(0));
}

