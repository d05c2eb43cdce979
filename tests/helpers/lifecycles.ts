// Realistic entity lifecycles for load tests: many deals, invoices and follow-ups whose events
// interleave the way a busy org's would, with loop commands and notes on shared entities.
import type { SystemEventInput } from "../../src/domain/events";
import { loopId } from "../../src/domain/loops";
import { type Rng, createRng } from "../../scripts/seed/prng";
import { SYSTEM_ACTOR } from "./events";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Ref = { id: string; type: "deal" | "invoice" | "followup" | "client" };

/** Builds one entity's story in order; times are ms relative to `base`. */
class Story {
  readonly events: SystemEventInput[] = [];
  constructor(
    private readonly rng: Rng,
    readonly ref: Ref,
    private readonly base: number,
  ) {}
  add(event_type: SystemEventInput["event_type"], atMs: number, payload: Record<string, unknown>): string {
    const id = this.rng.uuid();
    const occurred_at = new Date(this.base + atMs).toISOString();
    this.events.push({ id, event_type, occurred_at, actor: SYSTEM_ACTOR, primary_entity: this.ref, payload } as SystemEventInput);
    return id;
  }
  iso = (atMs: number) => new Date(this.base + atMs).toISOString();
}

function dealStory(s: Story, rng: Rng) {
  let t = -rng.int(0, 10) * DAY - rng.int(0, 23) * HOUR;
  const lead = s.add("lead_created", t, { name: `Lead ${rng.int(1, 9999)}`, source: "website" });
  if (rng.chance(0.15)) s.add("loop_dismissed", (t += HOUR), { loop_id: loopId(lead, "new_lead"), reason: "spam" });
  if (rng.chance(0.3)) s.add("note_added", (t += HOUR), { text: "called, no answer" });
  if (rng.chance(0.4)) return;
  s.add("quote_requested", (t += rng.int(1, 30) * HOUR), rng.chance(0.5) ? { due_at: s.iso(t + rng.int(-2, 4) * DAY) } : {});
  if (rng.chance(0.2)) return;
  for (let i = rng.int(1, 2); i > 0; i--) {
    const valid = rng.chance(0.5) ? { valid_until: s.iso(t + rng.int(-3, 10) * DAY) } : {};
    s.add("quote_sent", (t += rng.int(1, 48) * HOUR), { amount_cents: rng.int(100, 500_000), currency: "EUR", ...valid });
  }
  const end = rng.next();
  if (end < 0.4) s.add("quote_accepted", (t += rng.int(1, 72) * HOUR), {});
  else if (end < 0.7) s.add("quote_rejected", (t += rng.int(1, 72) * HOUR), { reason: "budget" });
}

function invoiceStory(s: Story, rng: Rng) {
  const t = -rng.int(0, 20) * DAY;
  const amount = rng.int(1000, 200_000);
  const due = t + rng.int(3, 30) * DAY;
  const issued = s.add("invoice_issued", t, { amount_cents: amount, currency: "EUR", due_at: s.iso(due), number: `INV-${rng.int(1, 99999)}` });
  let paid = 0;
  while (paid < amount && rng.chance(0.6)) {
    const part = rng.chance(0.5) ? amount - paid : rng.int(1, amount - paid);
    // Payments land before or after the due date, some of them recorded late.
    s.add("payment_received", due + rng.int(-10, 10) * DAY, { amount_cents: part, currency: "EUR" });
    paid += part;
  }
  if (paid < amount && rng.chance(0.2)) {
    s.add("loop_resolved", due + rng.int(0, 5) * DAY, { loop_id: loopId(issued, "invoice_overdue"), note: "settled in cash" });
  }
}

function followupStory(s: Story, rng: Rng) {
  let t = -rng.int(0, 10) * DAY;
  for (let i = rng.int(1, 3); i > 0; i--) {
    s.add("followup_scheduled", (t += rng.int(1, 24) * HOUR), { due_at: s.iso(t + rng.int(-5, 5) * DAY), note: "call back" });
  }
  const end = rng.next();
  if (end < 0.4) s.add("followup_sent", (t += HOUR), { channel: "email" });
  else if (end < 0.6) s.add("followup_dismissed", (t += HOUR), { reason: "not needed" });
}

/**
 * Exactly `count` events from interleaved stories (each story's own order kept). About one
 * event in twenty is a note on one of `shared` (entities other writers also append to).
 */
export function lifecycleEvents(seed: string, count: number, base: Date, shared: Ref[] = []): SystemEventInput[] {
  const rng = createRng(seed);
  const open: SystemEventInput[][] = [];
  const out: SystemEventInput[] = [];
  while (out.length < count) {
    if (shared.length > 0 && rng.chance(0.05)) {
      const ref = rng.pick(shared);
      const note = new Story(rng, ref, base.getTime());
      note.add("note_added", -rng.int(0, 5) * DAY, { text: `shared note ${rng.int(1, 1e6)}` });
      out.push(...note.events);
      continue;
    }
    while (open.length < 25) {
      const kind = rng.weighted([["deal", 5], ["invoice", 3], ["followup", 2]] as const);
      const story = new Story(rng, { id: rng.uuid(), type: kind }, base.getTime());
      (kind === "deal" ? dealStory : kind === "invoice" ? invoiceStory : followupStory)(story, rng);
      open.push([...story.events]);
    }
    const i = rng.int(0, open.length - 1);
    out.push(open[i]!.shift()!);
    if (open[i]!.length === 0) open.splice(i, 1);
  }
  return out;
}

/** Chunks of at most `size`. */
export const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
