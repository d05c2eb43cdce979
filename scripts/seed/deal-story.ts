import { LEAD_SOURCES } from "./business";
import { followupStory } from "./followup-story";
import { invoiceStory } from "./invoice-story";
import { LOST_REASONS, REJECT_REASONS, dealNote } from "./texts";
import {
  type Client, DAY, HOUR, MINUTE, type EntityRef, type StoryContext, after, clamp, clientActor, iso, officeHours, roundPrice, userOf,
} from "./story-writer";

type Path = "requested" | "direct" | "followup_first" | "lost";

/**
 * One lead's life from `t0`: lead_created, then a quote (asked for or sent straight away), a
 * decision, and for won deals an invoice and its payments. Follow-ups and notes along the way.
 * The whole story is built; the caller cuts it at `now`, which leaves the recent ones open.
 */
export function dealStory(ctx: StoryContext, t0: number, client: Client) {
  const { rng, faker, profile } = ctx;
  const deal: EntityRef = { id: rng.uuid(), type: "deal" };
  const service = rng.pick(profile.trade.services);
  const estimate = roundPrice(rng.lognormal(profile.trade.medianCents, profile.trade.spread));
  ctx.emit("lead_created", t0, deal, rng.chance(0.6) ? profile.system : userOf(ctx), {
    name: client.name,
    client_id: client.id,
    source: rng.weighted(LEAD_SOURCES),
    ...(rng.chance(0.7) ? { value_cents: estimate } : {}),
    email: client.email,
    interest: service,
  });
  const note = (at: number) => ctx.emit("note_added", officeHours(rng, at), deal, userOf(ctx), { text: dealNote(rng, faker, service) });
  if (rng.chance(0.2)) note(t0 + rng.int(10, 600) * MINUTE);

  let t = after(t0, officeHours(rng, t0 + clamp(rng.lognormal(3 * HOUR, 1), 5 * MINUTE, 3 * DAY)));
  const path = rng.weighted<Path>([["requested", 35], ["direct", 30], ["followup_first", 10], ["lost", 25]]);
  if (path === "lost" || (path === "followup_first" && rng.chance(0.3))) {
    if (path === "followup_first") t = firstContact(ctx, t, deal);
    ctx.emit("quote_rejected", after(t, officeHours(rng, t + rng.next() * 7 * DAY)), deal, userOf(ctx), { reason: rng.pick(LOST_REASONS) });
    return;
  }
  if (path === "followup_first") t = firstContact(ctx, t, deal);
  if (path === "requested") {
    const wantBy = rng.chance(0.6) ? { due_at: iso(t + rng.int(2, 5) * DAY) } : {};
    ctx.emit("quote_requested", t, deal, rng.chance(0.5) ? clientActor(client) : userOf(ctx), { ...wantBy, details: `Quote for ${service}` });
    t = after(t, officeHours(rng, t + clamp(rng.lognormal(DAY, 0.8), 2 * HOUR, 5 * DAY)));
  }
  let amount = roundPrice(estimate * (0.85 + rng.next() * 0.3));
  const sendQuote = (at: number) =>
    ctx.emit("quote_sent", at, deal, userOf(ctx), {
      amount_cents: amount,
      currency: profile.currency,
      ...(rng.chance(0.7) ? { valid_until: iso(at + rng.pick([14, 30]) * DAY) } : {}),
      title: service,
    });
  sendQuote(t);
  const decideAt = after(t, officeHours(rng, t + clamp(rng.lognormal(3 * DAY, 0.8), 2 * HOUR, 25 * DAY)));
  if (rng.chance(0.15) && decideAt - t > 2 * DAY) {
    // A revised quote moves the decision's due date.
    amount = roundPrice(amount * 0.92);
    t = after(t, officeHours(rng, t + rng.next() * (decideAt - t - DAY)));
    sendQuote(t);
  }
  if (rng.chance(0.35) && decideAt - t > DAY) {
    const start = t + rng.int(2, 12) * HOUR;
    const due = start + rng.int(2, 5) * DAY;
    const close = decideAt < due ? { at: decideAt, how: "dismissed" as const } : { at: sendAround(ctx, due), how: "sent" as const };
    followupStory(ctx, start, deal, due, close, "Check in on the quote");
  }
  if (rng.chance(0.25)) note(t + rng.next() * (decideAt - t));
  if (!rng.chance(0.55)) {
    ctx.emit("quote_rejected", decideAt, deal, rng.chance(0.4) ? clientActor(client) : userOf(ctx), { reason: rng.pick(REJECT_REASONS) });
    return;
  }
  ctx.emit("quote_accepted", decideAt, deal, rng.chance(0.5) ? clientActor(client) : userOf(ctx), { amount_cents: amount });
  const invoiceAt = after(decideAt, officeHours(rng, decideAt + clamp(rng.lognormal(2 * DAY, 0.9), HOUR, 10 * DAY)));
  invoiceStory(ctx, invoiceAt, deal, client, amount);
}

/** A follow-up to reach the lead before quoting; returns when it was sent. */
function firstContact(ctx: StoryContext, t: number, deal: EntityRef): number {
  const due = t + ctx.rng.int(1, 4) * DAY;
  const sentAt = after(t, sendAround(ctx, due));
  followupStory(ctx, t, deal, due, { at: sentAt, how: "sent" }, "Call back about the enquiry");
  return after(sentAt, officeHours(ctx.rng, sentAt + ctx.rng.int(1, 48) * HOUR));
}

/** People send most follow-ups a little before they are due, and some a day or two late. */
const sendAround = (ctx: StoryContext, due: number) =>
  ctx.rng.chance(0.3) ? due + ctx.rng.next() * 2 * DAY : due - ctx.rng.next() * 12 * HOUR;
