import type { Client, EntityRef, StoryContext } from "./story-writer";
import { DAY, HOUR, MINUTE, clientActor, iso, userOf } from "./story-writer";

/**
 * The demo's present: eleven situations that are open at `now`, one or more of each loop type,
 * some still on time (medium) and some past due (high), so the dashboard has something to show.
 */
export function openTail(ctx: StoryContext, now: number, client: () => Client) {
  const { rng, profile } = ctx;
  const ago = (ms: number) => now - ms;
  const currency = profile.currency;
  const lead = (at: number, c: Client, source: string, interest: string, valueCents?: number): EntityRef => {
    const deal: EntityRef = { id: rng.uuid(), type: "deal" };
    const value = valueCents === undefined ? {} : { value_cents: valueCents };
    ctx.emit("lead_created", at, deal, source === "website" ? profile.system : userOf(ctx), { name: c.name, client_id: c.id, source, interest, email: c.email, ...value });
    return deal;
  };
  const quote = (deal: EntityRef, at: number, amount: number, validDays?: number) =>
    ctx.emit("quote_sent", at, deal, userOf(ctx), { amount_cents: amount, currency, ...(validDays ? { valid_until: iso(at + validDays * DAY) } : {}) });
  const followup = (at: number, about: EntityRef, due: number, note: string) =>
    ctx.emit("followup_scheduled", at, { id: rng.uuid(), type: "followup" }, userOf(ctx), { due_at: iso(due), about, note });

  // new_lead: two fresh (medium), one unanswered for more than a day (high).
  lead(ago(2 * HOUR), client(), "website", "birthday cake", 9_500);
  lead(ago(40 * MINUTE), client(), "instagram", "pastry platter");
  const callback = lead(ago(28 * HOUR), client(), "phone", "office catering", 42_000);
  ctx.emit("note_added", ago(27 * HOUR), callback, userOf(ctx), { text: "Left a voicemail, will try again." });

  // quote_needed: one due in two days (medium), one whose requested date has passed (high).
  const cafe = client();
  const weekly = lead(ago(20 * HOUR), cafe, "email", "weekly bread order");
  ctx.emit("quote_requested", ago(6 * HOUR), weekly, clientActor(cafe), { due_at: iso(now + 2 * DAY), details: "Quote for weekly bread order" });
  const couple = client();
  const wedding = lead(ago(4 * DAY), couple, "referral", "wedding cake", 65_000);
  ctx.emit("quote_requested", ago(3 * DAY), wedding, clientActor(couple), { due_at: iso(ago(DAY)), details: "Three tiers, tasting first" });

  // decision_pending: a quote valid for another twelve days (medium), one past its week (high).
  const party = lead(ago(5 * DAY), client(), "website", "pastry platter", 18_000);
  quote(party, ago(2 * DAY), 17_500, 14);
  const office = client();
  const catering = lead(ago(12 * DAY), office, "email", "office catering", 120_000);
  ctx.emit("quote_requested", ago(11 * DAY), catering, clientActor(office), { details: "Catering for 40 people" });
  quote(catering, ago(9 * DAY), 115_000);

  // invoice_overdue: one unpaid ten days past due, one half paid five days past due.
  const overdue = invoice(ctx, ago(24 * DAY), 14, 38_500, client());
  ctx.emit("note_added", ago(6 * DAY), overdue, userOf(ctx), { text: "Payment reminder sent by email." });
  const partial = invoice(ctx, ago(35 * DAY), 30, 86_000, client());
  ctx.emit("payment_received", ago(15 * DAY), partial, profile.system, { amount_cents: 43_000, currency, method: "bank_transfer" });

  // followup_due: one due tomorrow morning (medium), one six hours overdue (high).
  followup(ago(DAY), party, now + 20 * HOUR, "Ask if they want the gluten-free option");
  followup(ago(3 * DAY), overdue, ago(6 * HOUR), "Call about the unpaid invoice");
}

/** An accepted deal and its invoice, issued at `at` and due `termDays` later; nothing paid yet. */
function invoice(ctx: StoryContext, at: number, termDays: number, amount: number, c: Client): EntityRef {
  const { rng, profile } = ctx;
  const deal: EntityRef = { id: rng.uuid(), type: "deal" };
  ctx.emit("lead_created", at - 6 * DAY, deal, userOf(ctx), { name: c.name, client_id: c.id, source: "referral", email: c.email });
  ctx.emit("quote_sent", at - 5 * DAY, deal, userOf(ctx), { amount_cents: amount, currency: profile.currency });
  ctx.emit("quote_accepted", at - 2 * DAY, deal, clientActor(c), { amount_cents: amount });
  const inv: EntityRef = { id: rng.uuid(), type: "invoice" };
  ctx.emit("invoice_issued", at, inv, userOf(ctx), {
    amount_cents: amount, currency: profile.currency, due_at: iso(at + termDays * DAY), deal_id: deal.id, client_id: c.id, number: "",
  });
  return inv;
}
