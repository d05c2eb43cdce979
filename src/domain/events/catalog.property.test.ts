import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventOf } from "../../../tests/helpers/events";
import { ACTOR_TYPES, CATALOG, ENTITY_TYPES, EVENT_TYPES, type EventType, MAX_PAYLOAD_BYTES, systemEventInput } from "./index";

// Generators of valid values, written from the spec (not from the schemas under test).
const instant = fc
  .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2999-12-31T23:59:59Z"), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom(
      d.toISOString(),
      d.toISOString().replace(/\.\d{3}Z$/, "Z"),
      d.toISOString().replace("Z", "+00:00"),
      new Date(d.getTime() - 2 * 3_600_000).toISOString().replace("Z", "-02:00"),
    ),
  );
const uuid = fc.uuid({ version: [1, 4, 5, 7] });
const cents = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const currency = fc.constantFrom("EUR", "USD", "GBP", "CHF", "JPY", "SEK");
const text = (max: number) => fc.string({ maxLength: Math.min(max, 200) });
const clientName = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0);
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,20}[a-z0-9])?$/), fc.constantFrom("example.com", "mail.example.org", "b.co"))
  .filter(([local]) => !local.includes(".."))
  .map(([local, domain]) => `${local}@${domain}`);
// Extra payload fields must not reuse a name the catalog validates (that would be a named field).
const NAMED = new Set(["name", "client_id", "source", "value_cents", "due_at", "amount_cents", "currency", "valid_until",
  "reason", "deal_id", "number", "about", "note", "channel", "text", "loop_id", "until", "email", "phone", "company",
  "__proto__", "constructor"]);
const extras = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !NAMED.has(k)),
  // Nested keys named __proto__ are refused on purpose (they cannot be kept exactly): not valid extras.
  fc.jsonValue({ maxDepth: 2 }).filter((v) => !JSON.stringify(v).includes('"__proto__"')),
  { maxKeys: 3 },
);

const PAYLOAD: { [T in EventType]: fc.Arbitrary<Record<string, unknown>> } = {
  lead_created: fc.record(
    { name: fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0), client_id: uuid, source: text(100), value_cents: cents },
    { requiredKeys: ["name"] },
  ),
  quote_requested: fc.record({ due_at: instant }, { requiredKeys: [] }),
  quote_sent: fc.record({ amount_cents: cents, currency, valid_until: instant }, { requiredKeys: ["amount_cents", "currency"] }),
  quote_accepted: fc.record({ amount_cents: cents }, { requiredKeys: [] }),
  quote_rejected: fc.record({ reason: text(2000) }, { requiredKeys: [] }),
  invoice_issued: fc.record(
    { amount_cents: cents, currency, due_at: instant, deal_id: uuid, client_id: uuid, number: text(64) },
    { requiredKeys: ["amount_cents", "currency", "due_at"] },
  ),
  payment_received: fc.record({ amount_cents: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), currency }),
  followup_scheduled: fc.record(
    { due_at: instant, about: fc.record({ type: fc.constantFrom(...ENTITY_TYPES), id: uuid }), note: text(2000) },
    { requiredKeys: ["due_at"] },
  ),
  followup_sent: fc.record({ channel: text(64) }, { requiredKeys: [] }),
  followup_dismissed: fc.record({ reason: text(2000) }, { requiredKeys: [] }),
  note_added: fc.record({ text: fc.string({ minLength: 1, maxLength: 2000 }) }),
  loop_dismissed: fc.record({ loop_id: uuid, reason: text(2000) }, { requiredKeys: ["loop_id"] }),
  loop_resolved: fc.record({ loop_id: uuid, note: text(2000) }, { requiredKeys: ["loop_id"] }),
  // `until` is set from occurred_at below: after it, at most a year later.
  loop_snoozed: fc.record({ loop_id: uuid, note: text(2000) }, { requiredKeys: ["loop_id"] }),
  loop_reopened: fc.record({ loop_id: uuid, note: text(2000) }, { requiredKeys: ["loop_id"] }),
  client_created: fc.record({ name: clientName, email, phone: text(50), company: text(200) }, { requiredKeys: ["name"] }),
  client_updated: fc
    .record({ name: clientName, email: fc.option(email, { nil: null }), phone: fc.option(text(50), { nil: null }), company: fc.option(text(200), { nil: null }) }, { requiredKeys: [] })
    .filter((p) => Object.keys(p).length > 0),
};

/** The last instant a snooze made at `iso` may reach, written from the spec: a calendar year later, UTC. */
const aYearAfter = (iso: string) => {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime();
};
const withSnoozeEnd = (e: { event_type: EventType; occurred_at: string; payload: Record<string, unknown> }, frac: number) => {
  if (e.event_type !== "loop_snoozed") return e;
  const from = Date.parse(e.occurred_at);
  const until = from + 1 + Math.floor(frac * (aYearAfter(e.occurred_at) - from - 1));
  return { ...e, payload: { ...e.payload, until: new Date(until).toISOString() } };
};

const validEvent = fc.constantFrom(...EVENT_TYPES).chain((type) =>
  fc.record({
    id: uuid,
    org_id: fc.option(uuid, { nil: undefined }),
    event_type: fc.constant(type),
    occurred_at: instant,
    actor: fc.option(fc.record({ id: uuid, type: fc.constantFrom(...ACTOR_TYPES) }), { nil: undefined }),
    primary_entity: fc.record({ id: uuid, type: fc.constantFrom(...CATALOG[type].entity) }),
    payload: fc.tuple(extras, PAYLOAD[type]).map(([x, p]) => ({ ...x, ...p })),
    frac: fc.double({ min: 0, max: 1, noNaN: true }),
  }).map(({ frac, ...e }) => withSnoozeEnd(e, frac)),
);

const issuePaths = (input: unknown) => {
  const r = systemEventInput.safeParse(input);
  return r.success ? null : r.error.issues.map((i) => i.path);
};

describe("the event catalog, property-based", () => {
  it("accepts every valid event of every type, payload extras kept", () => {
    fc.assert(
      fc.property(validEvent, (e) => {
        const r = systemEventInput.safeParse(e);
        expect(r.error?.issues ?? []).toEqual([]);
        expect(Object.keys(r.data!.payload).sort()).toEqual(Object.keys(e.payload).sort());
      }),
      { numRuns: 500 },
    );
  });

  it("rejects any entity type the event's entry does not allow, naming primary_entity.type", () => {
    const notAllowed = fc.constantFrom(...EVENT_TYPES).chain((type) =>
      fc.tuple(
        fc.constant(type),
        fc.oneof(fc.constantFrom(...ENTITY_TYPES), fc.string()).filter((t) => !(CATALOG[type].entity as readonly string[]).includes(t)),
      ),
    );
    fc.assert(
      fc.property(notAllowed, uuid, ([type, entityType], id) => {
        expect(issuePaths(eventOf(type, { entity: { id, type: entityType as never } }))).toEqual([["primary_entity", "type"]]);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects any id that is not a UUID, naming the field", () => {
    const notUuid = fc.string().filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s));
    const field = fc.constantFrom("id", "org_id", "primary_entity.id", "actor.id");
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_TYPES), field, notUuid, (type, f, bad) => {
        const e = structuredClone(eventOf(type)) as unknown as Record<string, Record<string, unknown>>;
        const [a, b] = f.split(".") as [string, string | undefined];
        if (b) e[a]![b] = bad;
        else (e as Record<string, unknown>)[a] = bad;
        expect(issuePaths(e)).toEqual([f.split(".")]);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects any event_type outside the catalog, naming event_type", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer(), fc.constant(null)).filter((t) => !(EVENT_TYPES as unknown[]).includes(t)),
        (t) => {
          expect(issuePaths({ ...eventOf("note_added"), event_type: t })).toEqual([["event_type"]]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("rejects any payload whose serialization exceeds 64 KiB, naming payload", () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_TYPES), fc.integer({ min: 1, max: 4096 }), fc.constantFrom("x", "é", "€", "𝄞"), (type, over, ch) => {
        const e = eventOf(type);
        const bytes = new TextEncoder().encode(ch).length;
        const pad = ch.repeat(Math.ceil((MAX_PAYLOAD_BYTES + over) / bytes));
        expect(issuePaths({ ...e, payload: { ...e.payload, pad } })).toEqual([["payload"]]);
      }),
      { numRuns: 50 },
    );
  });
});
