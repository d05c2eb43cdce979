import { followupStory } from "./followup-story";
import { PAYMENT_METHODS, invoiceNote } from "./texts";
import { type Client, DAY, HOUR, type EntityRef, type StoryContext, after, clamp, iso, officeHours, userOf } from "./story-writer";

type Outcome = "on_time" | "late" | "partial" | "partial_late" | "never";

/**
 * An invoice for an accepted deal: issued at `at`, due 14–30 days later, then paid on time,
 * late (after reminders), in two parts, or never. The number is filled in once the whole
 * org's invoices are known (they are numbered in date order).
 */
export function invoiceStory(ctx: StoryContext, at: number, deal: EntityRef, client: Client, amountCents: number) {
  const { rng, profile } = ctx;
  const invoice: EntityRef = { id: rng.uuid(), type: "invoice" };
  const currency = profile.currency;
  const dueAt = at + rng.pick([14, 14, 21, 30, 30]) * DAY;
  const issuer = rng.chance(0.3) ? profile.system : userOf(ctx);
  ctx.emit("invoice_issued", at, invoice, issuer, {
    amount_cents: amountCents, currency, due_at: iso(dueAt), deal_id: deal.id, client_id: client.id, number: "",
  });
  const outcome = rng.weighted<Outcome>([
    ["on_time", 55], ["late", 20], ["partial", 12], ["partial_late", 8], ["never", ctx.settled ? 0 : 2.5],
  ]);
  const pay = (t: number, cents: number) =>
    ctx.emit("payment_received", t, invoice, rng.chance(0.7) ? profile.system : userOf(ctx), {
      amount_cents: cents, currency, method: rng.pick(PAYMENT_METHODS),
    });
  const remind = (t: number) => ctx.emit("note_added", officeHours(rng, t), invoice, userOf(ctx), { text: invoiceNote(rng) });
  const lateBy = () => clamp(rng.lognormal(8 * DAY, 0.7), 1 * DAY, 35 * DAY);
  const onTime = () => at + HOUR + rng.next() * (dueAt - at - 2 * HOUR);
  /** Reminders and perhaps a chasing follow-up once it is overdue, none after it is paid. */
  const chase = (paidAt: number | null) => {
    const remindAt = dueAt + rng.int(1, 4) * DAY;
    if (paidAt === null || remindAt < paidAt) remind(remindAt);
    const start = dueAt + rng.int(2, 5) * DAY;
    if (!rng.chance(0.4) || (paidAt !== null && start > paidAt - HOUR)) return;
    const due = start + rng.int(1, 3) * DAY;
    const close = paidAt !== null && paidAt < due ? { at: paidAt, how: "dismissed" as const } : { at: due, how: "sent" as const };
    followupStory(ctx, start, invoice, due, close, "Chase payment");
  };

  switch (outcome) {
    case "on_time":
      pay(onTime(), amountCents);
      break;
    case "late": {
      const paidAt = dueAt + lateBy();
      chase(paidAt);
      pay(paidAt, amountCents);
      break;
    }
    case "partial":
    case "partial_late": {
      const first = Math.round((amountCents * rng.int(30, 60)) / 100);
      const firstAt = onTime();
      pay(firstAt, first);
      const restAt = outcome === "partial" ? after(firstAt, firstAt + rng.next() * (dueAt - firstAt)) : dueAt + lateBy();
      if (outcome === "partial_late") chase(restAt);
      pay(restAt, amountCents - first);
      break;
    }
    case "never":
      chase(null);
      remind(dueAt + rng.int(14, 21) * DAY);
      break;
  }
  if (outcome !== "never" && rng.chance(0.15)) remind(dueAt + rng.int(-5, 40) * DAY);
  return invoice;
}
