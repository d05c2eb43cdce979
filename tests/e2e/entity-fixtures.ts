import { randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { signInAsDemo, trpc } from "./helpers/demo";

// Shared by entity.spec.ts, time-travel.spec.ts and forms.spec.ts: sign in as the demo owner
// and write the entities a test needs through the public API, with its session.

export const DAY = 86_400_000;
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export async function signIn(page: Page) {
  await signInAsDemo(page);
}

type Ref = { type: "deal" | "invoice" | "client" | "followup"; id: string };
type NewEvent = { event_type: string; occurred_at: string; payload: Record<string, unknown> };

/** The API as the app calls it, with the page's session cookie. */
export function api(request: APIRequestContext) {
  const { query, mutate } = trpc(request);
  return {
    query,
    mutate,
    /** Appends the events (ids generated here) to one entity, in one atomic batch. */
    async append(entity: Ref, events: NewEvent[]) {
      await mutate("events.appendBatch", { events: events.map((e) => ({ id: randomUUID(), primary_entity: entity, ...e })) });
    },
    /** How many events the entity has, as the API counts them. */
    async eventCount(entity: Ref): Promise<number> {
      const r = await query<{ totalEvents: number }>("entities.asOf", {
        ...entity,
        asOf: new Date(Date.now() + DAY).toISOString(),
        basis: "recorded",
      });
      return r.totalEvents;
    },
  };
}

/** A deal that was quoted: lead 10 days ago, quote requested 8 days ago, quote sent 5 days ago. */
export async function quotedDeal(request: APIRequestContext, name = `Quoted ${randomUUID().slice(0, 6)}`): Promise<Ref> {
  const deal: Ref = { type: "deal", id: randomUUID() };
  await api(request).append(deal, [
    { event_type: "lead_created", occurred_at: ago(10 * DAY), payload: { name, source: "website" } },
    { event_type: "quote_requested", occurred_at: ago(8 * DAY), payload: { due_at: ago(6 * DAY) } },
    { event_type: "quote_sent", occurred_at: ago(5 * DAY), payload: { amount_cents: 48_000, currency: "EUR", valid_until: ago(-9 * DAY) } },
  ]);
  return deal;
}

/** An invoice of €100 issued 20 days ago, due 10 days ago, nothing paid yet. */
export async function unpaidInvoice(request: APIRequestContext): Promise<Ref> {
  const invoice: Ref = { type: "invoice", id: randomUUID() };
  await api(request).append(invoice, [
    {
      event_type: "invoice_issued",
      occurred_at: ago(20 * DAY),
      payload: { amount_cents: 10_000, currency: "EUR", due_at: ago(10 * DAY), number: `INV-${randomUUID().slice(0, 4)}` },
    },
  ]);
  return invoice;
}

export const entityUrl = (e: Ref, search = "") => `/entities/${e.type}/${e.id}${search}`;
