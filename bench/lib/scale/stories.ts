// The business stories of the scale log, modelled on the demo seed's (scripts/seed): a lead, a
// quote asked for or sent straight away, a decision, an invoice and its payments, follow-ups and
// notes along the way — so every loop rule (new_lead, quote_needed, decision_pending,
// invoice_overdue, followup_due) opens and closes, and some stay open because nobody acted.
import type { Rng } from "./rng";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

type EntityType = "deal" | "invoice" | "client" | "followup";
type ActorType = "user" | "system" | "client";
export type Actor = { id: string; type: ActorType };
export type Ref = { id: string; type: EntityType };

/** One event as a story writes it: `at` its business time, `recordAt` when it reaches the log. */
export type Draft = { id: string; at: number; recordAt: number; seq: number; type: string; entity: Ref; actor: Actor; payload: object };

export type Org = {
  id: string;
  name: string;
  currency: "EUR" | "GBP" | "USD";
  medianCents: number;
  services: readonly string[];
  users: Actor[];
  system: Actor;
};

const SERVICES = [
  ["wedding cake", "office catering", "birthday cake", "pastry platter"],
  ["boiler service", "bathroom refit", "leak repair", "radiator install"],
  ["brand identity", "website redesign", "packaging design", "pitch deck"],
  ["wedding shoot", "product photos", "headshots", "event coverage"],
  ["garden redesign", "lawn care plan", "patio build", "tree removal"],
  ["annual accounts", "VAT return", "payroll setup", "monthly bookkeeping"],
] as const;
const FIRST = ["Ada", "Ben", "Chloe", "Dan", "Eva", "Finn", "Grace", "Hugo", "Iris", "Jack", "Kim", "Leo", "Mia", "Noah", "Olga", "Paul"];
const LAST = ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Green", "Hall"];
const SOURCES = ["website", "website", "referral", "email", "phone", "instagram", "google_ads", "walk_in"];
const NOTES = [
  "Called back: wants it done before the end of the month.", "Asked for two options; sent examples.",
  "Met on site, measurements taken; access is tight.", "Prefers email over calls. Budget flexible if quality is right.",
  "Referred by a previous client. Mention the referral discount.", "Follow-up call went well, decision expected this week.",
  "Needs sign-off from finance first.",
];
const INVOICE_NOTES = ["Payment reminder sent by email.", "Client confirmed the invoice was received.", "PO number added at client's request.", "Receipt sent."];
const REASONS = ["Price too high", "Chose a competitor", "Project postponed", "Scope changed", "Budget too small", "No reply after two attempts"];
const CHANNELS = ["email", "phone", "sms", "whatsapp"];
const METHODS = ["bank_transfer", "card", "direct_debit", "cash"];

/** Every event type the stories write: checked against the catalog before a log is generated. */
export const STORY_EVENT_TYPES = [
  "lead_created", "quote_requested", "quote_sent", "quote_accepted", "quote_rejected", "invoice_issued", "payment_received",
  "followup_scheduled", "followup_sent", "followup_dismissed", "note_added",
] as const;

export function makeOrg(rng: Rng, index: number, userCount: number): Org {
  const kind = index % SERVICES.length;
  return {
    id: rng.uuid(),
    name: `${rng.pick(LAST)} ${["Bakery", "Plumbing", "Design Studio", "Photography", "Landscaping", "Bookkeeping"][kind]} ${index + 1}`,
    currency: rng.pick(["EUR", "EUR", "GBP", "USD"] as const),
    medianCents: [18_000, 65_000, 320_000, 120_000, 240_000, 90_000][kind]!,
    services: SERVICES[kind]!,
    users: Array.from({ length: userCount }, () => ({ id: rng.uuid(), type: "user" as const })),
    system: { id: rng.uuid(), type: "system" },
  };
}

/** Collects one story's drafts; `seq` orders same-instant events cause first. */
export class Story {
  readonly drafts: Draft[] = [];
  constructor(readonly rng: Rng, readonly org: Org) {}
  emit(type: (typeof STORY_EVENT_TYPES)[number], at: number, entity: Ref, actor: Actor, payload: object): Draft {
    const ms = Math.round(at / 1000) * 1000;
    // Recorded a few seconds after it happened, as an append from the app would be.
    const d: Draft = { id: this.rng.uuid(), at: ms, recordAt: ms + this.rng.int(1, 30) * 1000, seq: this.drafts.length, type, entity, actor, payload };
    this.drafts.push(d);
    return d;
  }
  user(): Actor {
    return this.rng.pick(this.org.users);
  }
}

const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString();
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const after = (prev: number, ms: number) => Math.max(prev + MINUTE, ms);
const price = (cents: number) => Math.max(500, Math.round(cents / 500) * 500);

/** A lead's whole life from `t0`; the caller drops what lies after the log's end. */
export function dealStory(s: Story, t0: number) {
  const { rng, org } = s;
  const first = rng.pick(FIRST), last = rng.pick(LAST);
  const client: Ref = { id: rng.uuid(), type: "client" };
  const clientActor: Actor = { id: client.id, type: "client" };
  const deal: Ref = { id: rng.uuid(), type: "deal" };
  const service = rng.pick(org.services);
  const estimate = price(rng.lognormal(org.medianCents, 0.8));
  s.emit("lead_created", t0, deal, rng.chance(0.6) ? org.system : s.user(), {
    name: `${first} ${last}`, client_id: client.id, source: rng.pick(SOURCES),
    ...(rng.chance(0.7) ? { value_cents: estimate } : {}), interest: service,
  });
  const note = (at: number, on: Ref = deal) => s.emit("note_added", at, on, s.user(), { text: rng.pick(NOTES) });
  if (rng.chance(0.2)) note(t0 + rng.int(10, 600) * MINUTE);
  // A note on the client record itself (a client entity: no loops, a timeline of its own).
  if (rng.chance(0.06)) s.emit("note_added", t0 + rng.next() * 5 * DAY, client, s.user(), { text: `Billing contact: ${first} ${last}.` });
  // Nobody ever answered: the new_lead loop stays open.
  if (rng.chance(0.04)) return;

  let t = after(t0, t0 + clamp(rng.lognormal(3 * HOUR, 1), 5 * MINUTE, 3 * DAY));
  const path = rng.pick(["requested", "requested", "direct", "direct", "followup", "lost", "lost"] as const);
  if (path === "lost") {
    s.emit("quote_rejected", after(t, t + rng.next() * 7 * DAY), deal, s.user(), { reason: rng.pick(REASONS) });
    return;
  }
  if (path === "followup") {
    const due = t + rng.int(1, 4) * DAY;
    const sentAt = after(t, due - rng.next() * 12 * HOUR);
    followupStory(s, t, deal, due, { at: sentAt, how: "sent" });
    t = after(sentAt, sentAt + rng.int(1, 48) * HOUR);
  }
  if (path === "requested") {
    s.emit("quote_requested", t, deal, rng.chance(0.5) ? clientActor : s.user(), {
      ...(rng.chance(0.6) ? { due_at: iso(t + rng.int(2, 5) * DAY) } : {}), details: `Quote for ${service}`,
    });
    t = after(t, t + clamp(rng.lognormal(DAY, 0.8), 2 * HOUR, 5 * DAY));
  }
  let amount = price(estimate * (0.85 + rng.next() * 0.3));
  const sendQuote = (at: number) =>
    s.emit("quote_sent", at, deal, s.user(), {
      amount_cents: amount, currency: org.currency, ...(rng.chance(0.7) ? { valid_until: iso(at + rng.pick([14, 30]) * DAY) } : {}), title: service,
    });
  sendQuote(t);
  // The quote went out and nobody followed it up: decision_pending stays open.
  if (rng.chance(0.03)) return;
  const decideAt = after(t, t + clamp(rng.lognormal(3 * DAY, 0.8), 2 * HOUR, 25 * DAY));
  if (rng.chance(0.15) && decideAt - t > 2 * DAY) {
    amount = price(amount * 0.92); // a revised quote moves the decision's due date
    t = after(t, t + rng.next() * (decideAt - t - DAY));
    sendQuote(t);
  }
  if (rng.chance(0.35) && decideAt - t > DAY) {
    const start = t + rng.int(2, 12) * HOUR;
    const due = start + rng.int(2, 5) * DAY;
    followupStory(s, start, deal, due, decideAt < due ? { at: decideAt, how: "dismissed" } : { at: due + rng.next() * DAY, how: "sent" });
  }
  if (rng.chance(0.25)) note(t + rng.next() * (decideAt - t));
  if (!rng.chance(0.55)) {
    s.emit("quote_rejected", decideAt, deal, rng.chance(0.4) ? clientActor : s.user(), { reason: rng.pick(REASONS) });
    return;
  }
  s.emit("quote_accepted", decideAt, deal, rng.chance(0.5) ? clientActor : s.user(), { amount_cents: amount });
  invoiceStory(s, after(decideAt, decideAt + clamp(rng.lognormal(2 * DAY, 0.9), HOUR, 10 * DAY)), deal, client, amount);
}

type Close = { at: number; how: "sent" | "dismissed" } | null;

/** A follow-up scheduled at `at` for `due`, perhaps pushed back once, then sent or dismissed (or left open). */
export function followupStory(s: Story, at: number, about: Ref, due: number, close: Close) {
  const { rng } = s;
  const followup: Ref = { id: rng.uuid(), type: "followup" };
  const user = s.user();
  s.emit("followup_scheduled", at, followup, user, { due_at: iso(due), about, note: "Check in" });
  let t = at;
  if (close && rng.chance(0.12) && close.at - at > 2 * DAY) {
    t = after(t, at + (close.at - at) / 2);
    s.emit("followup_scheduled", t, followup, user, { due_at: iso(Math.max(due, close.at) + DAY), about, note: "Pushed back" });
  }
  if (rng.chance(0.1)) s.emit("note_added", after(t, t + rng.int(1, 20) * HOUR), followup, user, { text: "Left a voicemail." });
  // Forgotten: the followup_due loop stays open.
  if (!close || rng.chance(0.02)) return;
  if (close.how === "sent") s.emit("followup_sent", after(t, close.at), followup, user, { channel: rng.pick(CHANNELS) });
  else s.emit("followup_dismissed", after(t, close.at), followup, user, { reason: "Deal closed" });
}

/** Issued, due 14–30 days later, then paid on time, late after reminders, in two parts, or never. */
function invoiceStory(s: Story, at: number, deal: Ref, client: Ref, amount: number) {
  const { rng, org } = s;
  const invoice: Ref = { id: rng.uuid(), type: "invoice" };
  const due = at + rng.pick([14, 14, 21, 30, 30]) * DAY;
  s.emit("invoice_issued", at, invoice, rng.chance(0.3) ? org.system : s.user(), {
    amount_cents: amount, currency: org.currency, due_at: iso(due), deal_id: deal.id, client_id: client.id,
    number: `INV-${new Date(at).getUTCFullYear()}-${rng.int(1000, 99999)}`,
  });
  const pay = (t: number, cents: number) =>
    s.emit("payment_received", t, invoice, rng.chance(0.7) ? org.system : s.user(), { amount_cents: cents, currency: org.currency, method: rng.pick(METHODS) });
  const remind = (t: number) => s.emit("note_added", t, invoice, s.user(), { text: rng.pick(INVOICE_NOTES) });
  const late = () => due + clamp(rng.lognormal(8 * DAY, 0.7), DAY, 35 * DAY);
  const onTime = () => at + HOUR + rng.next() * (due - at - 2 * HOUR);
  const chase = (paidAt: number | null) => {
    const remindAt = due + rng.int(1, 4) * DAY;
    if (paidAt === null || remindAt < paidAt) remind(remindAt);
    const start = due + rng.int(2, 5) * DAY;
    if (!rng.chance(0.4) || (paidAt !== null && start > paidAt - HOUR)) return;
    const fDue = start + rng.int(1, 3) * DAY;
    followupStory(s, start, invoice, fDue, paidAt !== null && paidAt < fDue ? { at: paidAt, how: "dismissed" } : { at: fDue, how: "sent" });
  };
  const r = rng.next();
  if (r < 0.55) pay(onTime(), amount);
  else if (r < 0.75) {
    const paidAt = late();
    chase(paidAt);
    pay(paidAt, amount);
  } else if (r < 0.95) {
    const part = Math.round((amount * rng.int(30, 60)) / 100);
    const firstAt = onTime();
    pay(firstAt, part);
    const restAt = r < 0.87 ? after(firstAt, firstAt + rng.next() * (due - firstAt)) : late();
    if (r >= 0.87) chase(restAt);
    pay(restAt, amount - part);
  } else {
    chase(null); // never paid: invoice_overdue stays open
    remind(due + rng.int(14, 21) * DAY);
  }
  if (rng.chance(0.15)) remind(due + rng.int(-5, 40) * DAY);
}

/**
 * A long-running account: one deal with exactly `n` events spread over [from, to] — notes,
 * revised quotes, new requests, follow-up decisions — a tenth of its notes recorded days late,
 * so its two time-travel bases differ. The timeline and asOf probes read these.
 */
export function longDealStory(s: Story, n: number, from: number, to: number): Ref {
  const { rng, org } = s;
  const deal: Ref = { id: rng.uuid(), type: "deal" };
  const step = (to - from) / n;
  s.emit("lead_created", from, deal, org.system, { name: `Account ${n}`, source: "referral", value_cents: 500_000 });
  for (let i = 1; i < n; i++) {
    const at = from + i * step + rng.next() * step * 0.5;
    const r = rng.next();
    if (i === n - 1 && n <= 10) s.emit("quote_accepted", at, deal, s.user(), { amount_cents: 480_000 });
    else if (r < 0.6) {
      const d = s.emit("note_added", at, deal, s.user(), { text: rng.pick(NOTES) });
      if (rng.chance(0.1)) d.recordAt = at + rng.int(1, 5) * DAY;
    } else if (r < 0.8) s.emit("quote_sent", at, deal, s.user(), { amount_cents: price(400_000 + rng.next() * 200_000), currency: org.currency, valid_until: iso(at + 30 * DAY) });
    else if (r < 0.9) s.emit("quote_requested", at, deal, s.user(), { due_at: iso(at + 3 * DAY), details: "Next phase" });
    else s.emit("quote_rejected", at, deal, s.user(), { reason: rng.pick(REASONS) });
  }
  return deal;
}

/**
 * Late arrivals, as in the seed: payments and notes that reach the log only after a later event of
 * their entity that happened at least a day after them (a bank feed catching up, notes typed up later).
 */
export function delayRecording(s: Story, share = 0.45) {
  const byEntity = new Map<string, Draft[]>();
  for (const d of s.drafts) {
    const list = byEntity.get(d.entity.id);
    if (list) list.push(d);
    else byEntity.set(d.entity.id, [d]);
  }
  for (const d of s.drafts) {
    if (d.type !== "payment_received" && !(d.type === "note_added" && d.entity.type !== "client")) continue;
    const overtaken = byEntity.get(d.entity.id)!.find((o) => o.at >= d.at + DAY);
    if (overtaken && s.rng.chance(share)) d.recordAt = Math.max(d.recordAt, overtaken.recordAt + s.rng.int(1, 24 * 60) * MINUTE);
  }
}
