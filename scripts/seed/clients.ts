import { type Client, type StoryContext, userOf } from "./story-writer";
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
