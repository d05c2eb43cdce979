import { v5 as uuidv5 } from "uuid";
import type { SystemEventInput } from "~/domain/events";
import { type Client, type Draft, MINUTE, type StoryContext, userOf } from "./story-writer";
import { clientNote } from "./texts";

export function newClient(ctx: StoryContext): Client {
  const { rng, faker } = ctx;
  const company = rng.chance(ctx.profile.trade.b2b);
  const first = faker.person.firstName();
  const last = faker.person.lastName();
  const name = company ? faker.company.name() : `${first} ${last}`;
  const domain = company ? `${name.toLowerCase().replace(/[^a-z]+/g, "")}.example` : "mail.example";
  return { id: rng.uuid(), name, email: `${first}.${last}@${domain}`.toLowerCase().replace(/[^a-z0-9.@]/g, ""), company };
}

/** A note on the client record itself (billing details, contacts). */
export function clientNoteOn(ctx: StoryContext, client: Client, at: number) {
  ctx.emit("note_added", at, { id: client.id, type: "client" }, userOf(ctx), { text: clientNote(ctx.rng, ctx.faker) });
}

/** Fixed namespace for the ids of the client_created events the demo derives from its leads. */
const CLIENT_EVENT_NAMESPACE = "5c1e7a3e-5e7d-4a2b-9f4e-2f1b3c6d7e80";

/**
 * A client_created for each client the leads name, a minute before its first lead, as whoever
 * took the lead. Derived from the finished drafts, drawing nothing from the generator's randomness:
 * the rest of the business stays exactly as it was generated.
 */
export function clientIntroductions(drafts: readonly Draft[]): Draft[] {
  const first = new Map<string, Draft>();
  for (const d of drafts) {
    const p = d.event.payload as { client_id?: string };
    if (d.event.event_type !== "lead_created" || !p.client_id) continue;
    const seen = first.get(p.client_id);
    if (!seen || d.at < seen.at) first.set(p.client_id, d);
  }
  return [...first].map(([clientId, lead]) => {
    const { name, email } = lead.event.payload as { name: string; email?: string };
    const at = lead.at - MINUTE;
    const event = {
      id: uuidv5(`client_created:${clientId}`, CLIENT_EVENT_NAMESPACE),
      event_type: "client_created",
      occurred_at: new Date(at).toISOString(),
      actor: lead.event.actor,
      primary_entity: { id: clientId, type: "client" },
      payload: { name, ...(email ? { email } : {}) },
    } as SystemEventInput;
    return { event, at, recordAt: Math.min(at, lead.recordAt), seq: lead.seq - 0.5 };
  });
}
