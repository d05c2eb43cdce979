import { CHANNELS, DISMISS_REASONS, followupNote } from "./texts";
import { DAY, HOUR, after, type EntityRef, type StoryContext, iso, officeHours, userOf } from "./story-writer";

export type FollowupClose = { at: number; how: "sent" | "dismissed" };

/**
 * A follow-up about an entity: scheduled at `at` for `dueAt`, then sent or dismissed at
 * `close.at` (null: it stays open). Sometimes it is rescheduled once before it is done.
 */
export function followupStory(ctx: StoryContext, at: number, about: EntityRef, dueAt: number, close: FollowupClose | null, note: string) {
  const { rng } = ctx;
  const followup: EntityRef = { id: rng.uuid(), type: "followup" };
  const user = userOf(ctx);
  ctx.emit("followup_scheduled", at, followup, user, { due_at: iso(dueAt), about, note });
  let t = at;
  if (close && rng.chance(0.12) && close.at - at > 2 * DAY) {
    // Pushed back once: a later followup_scheduled moves the due date.
    t = after(t, at + (close.at - at) / 2);
    ctx.emit("followup_scheduled", t, followup, user, { due_at: iso(Math.max(dueAt, close.at) + DAY), about, note: "Pushed back" });
  }
  if (rng.chance(0.1)) ctx.emit("note_added", after(t, t + rng.int(1, 20) * HOUR), followup, user, { text: followupNote(rng) });
  if (!close) return followup;
  const closeAt = after(t, officeHours(rng, close.at));
  if (close.how === "sent") ctx.emit("followup_sent", closeAt, followup, user, { channel: rng.pick(CHANNELS) });
  else ctx.emit("followup_dismissed", closeAt, followup, user, { reason: rng.pick(DISMISS_REASONS) });
  return followup;
}
