import type { Rng } from "./prng";
import { DAY, type Draft, MINUTE } from "./story-writer";

// Passes over a whole org's drafts once every story is written.

/** Share of eligible notes and payments that reach the log after a later event of their entity. */
const LATE_SHARE = 0.45;

export const byTime = (a: Draft, b: Draft) => a.at - b.at || a.seq - b.seq;

/** The order events reach the log: by record time, creation order breaking ties. */
export const inAppendOrder = (drafts: Draft[]) => drafts.sort((a, b) => a.recordAt - b.recordAt || a.seq - b.seq).map((d) => d.event);

/** INV-<year>-<nnnn>, numbered per year in issue order, as a small business would. */
export function numberInvoices(kept: Draft[]) {
  const perYear = new Map<number, number>();
  for (const d of kept.filter((x) => x.event.event_type === "invoice_issued").sort(byTime)) {
    const year = new Date(d.at).getUTCFullYear();
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    (d.event.payload as { number?: string }).number = `INV-${year}-${String(n).padStart(4, "0")}`;
  }
}

/**
 * Late arrivals: some notes and payments reach the log only after a later event of the same
 * entity that happened at least a day after them (a bank feed catching up, notes typed up later).
 * Nothing depends on a note or a payment, so recording one later keeps each stream causal.
 */
export function delayRecording(rng: Rng, kept: Draft[]) {
  const byEntity = new Map<string, Draft[]>();
  for (const d of [...kept].sort(byTime)) {
    const list = byEntity.get(d.event.primary_entity.id);
    if (list) list.push(d);
    else byEntity.set(d.event.primary_entity.id, [d]);
  }
  for (const d of kept) {
    const t = d.event.event_type;
    if (t !== "payment_received" && !(t === "note_added" && d.event.primary_entity.type !== "client")) continue;
    const overtaken = byEntity.get(d.event.primary_entity.id)!.find((o) => o.at >= d.at + DAY);
    if (overtaken && rng.chance(LATE_SHARE)) d.recordAt = overtaken.at + rng.int(1, 24 * 60) * MINUTE;
  }
}
