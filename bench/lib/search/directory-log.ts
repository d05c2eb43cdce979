// Bench setup only: an org of many named entities (clients, their deals and invoices, follow-ups),
// and the searches a person would type against it.
import type { SystemEventInput } from "../../../src/domain/events";
import { seededFaker } from "../../../scripts/seed/faker";
import { type Rng, createRng } from "../../../scripts/seed/prng";
import type { LogItem } from "../seed-log";

const ACTOR = { id: "0190b000-0000-7000-8000-0000000000b3", type: "user" as const };
const HOUR = 3_600_000;

/** What searches are drawn from: the names, invoice numbers and emails the log holds. */
export type Samples = { names: string[]; numbers: string[]; emails: string[] };
export type SearchQuery = { q: string; kind: string };

/**
 * `entities` entities for one org: a quarter clients (client_created), two fifths deals (their
 * client's lead), a quarter invoices (numbered), the rest follow-ups; every tenth entity gets a note.
 * Spread over the last year, one event per entity and hour apart at most.
 */
export function directoryLog(orgId: string, entities: number, end: Date, seed: string): { items: LogItem[]; samples: Samples } {
  const rng = createRng(`bench-search/${seed}`);
  const faker = seededFaker(rng);
  const items: LogItem[] = [];
  const samples: Samples = { names: [], numbers: [], emails: [] };
  const clients: { id: string; name: string }[] = [];
  const start = end.getTime() - 365 * 24 * HOUR;
  const at = (i: number, laterDays = 0) => new Date(start + (i / entities) * (end.getTime() - start - HOUR) + laterDays * 24 * HOUR).toISOString();
  const push = (event_type: string, i: number, type: string, id: string, payload: object) =>
    items.push({ orgId, event: { id: rng.uuid(), event_type, occurred_at: at(i), actor: ACTOR, primary_entity: { type, id }, payload } as SystemEventInput });
  for (let i = 0; i < entities; i++) {
    const id = rng.uuid();
    const kind = i % 20;
    if (kind < 5 || clients.length === 0) {
      const company = rng.chance(0.3);
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      const name = company ? faker.company.name() : `${first} ${last}`;
      const email = `${first}.${last}${rng.int(1, 99)}@${company ? "firm" : "mail"}${rng.int(1, 50)}.example`.toLowerCase().replace(/[^a-z0-9.@]/g, "");
      push("client_created", i, "client", id, { name, email, ...(company ? { company: name } : {}) });
      clients.push({ id, name });
      sample(rng, samples.names, name);
      sample(rng, samples.emails, email);
    } else if (kind < 13) {
      const client = rng.pick(clients);
      push("lead_created", i, "deal", id, { name: client.name, client_id: client.id, source: "website" });
    } else if (kind < 18) {
      const number = `INV-${new Date(at(i)).getUTCFullYear()}-${String(i).padStart(6, "0")}`;
      const client = rng.pick(clients);
      push("invoice_issued", i, "invoice", id, { amount_cents: rng.int(1000, 500_000), currency: "EUR", due_at: at(i, 30), number, client_id: client.id });
      sample(rng, samples.numbers, number);
    } else {
      push("followup_scheduled", i, "followup", id, { due_at: at(i, 7), note: `Call ${rng.pick(clients).name}` });
    }
    if (i % 10 === 0) push("note_added", i, items.at(-1)!.event.primary_entity.type, id, { text: faker.lorem.sentence() });
  }
  return { items, samples };
}

function sample(rng: Rng, into: string[], value: string) {
  if (into.length < 2000 && rng.chance(0.2)) into.push(value);
}

/**
 * What people type: one or two first letters, a part of a name (from the start of a word, or
 * inside one), an invoice number or its tail, the start of an email, and a few misses.
 */
export function searchQueries(s: Samples, n: number): SearchQuery[] {
  const rng = createRng("bench-search/queries");
  const part = (v: string, len: number) => {
    const from = rng.int(0, Math.max(0, v.length - len));
    return v.slice(from, from + len).trim() || v.slice(0, len);
  };
  const kinds: [string, () => string][] = [
    ["first letter", () => rng.pick(s.names).slice(0, 1)],
    ["two letters", () => rng.pick(s.names).slice(0, 2)],
    ["word start", () => rng.pick(rng.pick(s.names).split(" ")).slice(0, rng.int(3, 5))],
    ["part of a name", () => part(rng.pick(s.names), rng.int(3, 6))],
    ["full name", () => rng.pick(s.names)],
    ["invoice number", () => rng.pick(s.numbers)],
    ["number tail", () => rng.pick(s.numbers).slice(-rng.int(3, 6))],
    ["email start", () => rng.pick(s.emails).slice(0, rng.int(4, 10))],
    ["miss", () => `zq${rng.int(100, 999)}x`],
  ];
  return Array.from({ length: n }, (_, i) => {
    const [kind, make] = kinds[i % kinds.length]!;
    return { kind, q: make() };
  });
}
