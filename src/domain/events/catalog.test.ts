import { describe, expect, it } from "vitest";
import { DEFAULT_ENTITY, REQUIRED_PAYLOAD_FIELDS, SAMPLE_PAYLOADS, eventOf } from "../../../tests/helpers/events";
import { CATALOG, ENTITY_TYPES, EVENT_TYPES, MAX_PAYLOAD_BYTES, eventInputSchema, systemEventInput } from "./index";

/** The issue paths of a rejected input, joined with dots ("" for the root). */
function rejectedPaths(input: unknown): string[] {
  const r = systemEventInput.safeParse(input);
  expect(r.success, `expected rejection of ${JSON.stringify(input)?.slice(0, 200)}`).toBe(false);
  return r.error!.issues.map((i) => i.path.join("."));
}

const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe("the event catalog", () => {
  it("holds the 17 event types of the spec", () => {
    expect([...EVENT_TYPES].sort()).toEqual(
      [
        "client_created", "client_updated",
        "followup_dismissed", "followup_scheduled", "followup_sent", "invoice_issued", "lead_created",
        "loop_dismissed", "loop_reopened", "loop_resolved", "loop_snoozed", "note_added", "payment_received", "quote_accepted",
        "quote_rejected", "quote_requested", "quote_sent",
      ].sort(),
    );
  });

  describe.each(EVENT_TYPES)("%s", (type) => {
    it("accepts a valid event on every entity type its entry allows, and keeps extra payload fields", () => {
      for (const entityType of CATALOG[type].entity) {
        const e = eventOf(type, { entity: { id: "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11", type: entityType } });
        const withExtra = { ...e, payload: { ...e.payload, crm_ref: "X-1" } };
        const r = systemEventInput.safeParse(withExtra);
        expect(r.error?.issues ?? []).toEqual([]);
        expect(r.data?.payload).toMatchObject({ ...SAMPLE_PAYLOADS[type], crm_ref: "X-1" });
      }
    });

    it("accepts only the required payload fields (optional ones may be absent)", () => {
      const payload = Object.fromEntries(
        REQUIRED_PAYLOAD_FIELDS[type].map((f) => [f, (SAMPLE_PAYLOADS[type] as Record<string, unknown>)[f]]),
      );
      // client_updated names no required field, but must give at least one.
      if (type === "client_updated") expect(rejectedPaths(eventOf(type, { payload }))).toEqual(["payload"]);
      else expect(systemEventInput.safeParse(eventOf(type, { payload })).success).toBe(true);
    });

    it("rejects an entity type its entry does not allow, naming primary_entity.type", () => {
      const wrong = ENTITY_TYPES.filter((t) => !(CATALOG[type].entity as readonly string[]).includes(t));
      for (const t of [...wrong, "project", ""]) {
        expect(rejectedPaths(eventOf(type, { entity: { id: "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11", type: t as never } }))).toEqual([
          "primary_entity.type",
        ]);
      }
    });

    it("rejects each missing top-level field, naming it", () => {
      const e = eventOf(type) as unknown as Record<string, unknown>;
      for (const field of ["id", "occurred_at", "primary_entity", "payload"]) {
        expect(rejectedPaths(without(e, field))).toEqual([field]);
      }
      expect(rejectedPaths(without(e, "event_type"))).toEqual(["event_type"]);
      expect(rejectedPaths({ ...e, primary_entity: { type: DEFAULT_ENTITY[type] } })).toEqual(["primary_entity.id"]);
    });

    it("rejects each missing required payload field, naming it", () => {
      for (const field of REQUIRED_PAYLOAD_FIELDS[type]) {
        const payload = without(SAMPLE_PAYLOADS[type] as Record<string, unknown>, field);
        expect(rejectedPaths(eventOf(type, { payload }))).toEqual([`payload.${field}`]);
      }
    });

    it("rejects a bad UUID wherever one is expected", () => {
      const e = eventOf(type) as unknown as Record<string, unknown> & { primary_entity: object; actor: object };
      const bad = "not-a-uuid";
      expect(rejectedPaths({ ...e, id: bad })).toEqual(["id"]);
      expect(rejectedPaths({ ...e, org_id: bad })).toEqual(["org_id"]);
      expect(rejectedPaths({ ...e, primary_entity: { ...e.primary_entity, id: bad } })).toEqual(["primary_entity.id"]);
      expect(rejectedPaths({ ...e, actor: { ...e.actor, id: bad } })).toEqual(["actor.id"]);
      // A UUID with its hyphens missing, or one hex digit short, is not a UUID either.
      expect(rejectedPaths({ ...e, id: "5f0c7a527d4b4b8e9c610d2f4b3e6a11" })).toEqual(["id"]);
      expect(rejectedPaths({ ...e, id: "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a1" })).toEqual(["id"]);
    });

    it("rejects a payload over 64 KiB serialized, and accepts one of exactly 64 KiB", () => {
      const base = SAMPLE_PAYLOADS[type] as Record<string, unknown>;
      // "é" is two bytes in UTF-8: the limit counts bytes, not characters.
      const padTo = (bytes: number) => {
        const empty = JSON.stringify({ ...base, pad: "" }).length;
        const n = bytes - empty;
        return { ...base, pad: "é".repeat(Math.floor(n / 2)) + "x".repeat(n % 2) };
      };
      const exact = padTo(MAX_PAYLOAD_BYTES);
      expect(new TextEncoder().encode(JSON.stringify(exact)).length).toBe(MAX_PAYLOAD_BYTES);
      expect(systemEventInput.safeParse(eventOf(type, { payload: exact })).success).toBe(true);
      expect(rejectedPaths(eventOf(type, { payload: padTo(MAX_PAYLOAD_BYTES + 1) }))).toEqual(["payload"]);
    });
  });

  it("rejects an unknown event type, naming event_type", () => {
    const e = eventOf("note_added");
    for (const t of ["lead_deleted", "LEAD_CREATED", "", 42, null]) {
      expect(rejectedPaths({ ...e, event_type: t })).toEqual(["event_type"]);
    }
  });

  it("rejects occurred_at without an offset or not a calendar date", () => {
    const e = eventOf("note_added");
    for (const t of ["2026-11-02T09:00:00", "2026-02-30T09:00:00Z", "yesterday", 1_793_610_000_000]) {
      expect(rejectedPaths({ ...e, occurred_at: t })).toEqual(["occurred_at"]);
    }
  });

  it("rejects an unknown actor type, naming actor.type", () => {
    const e = eventOf("note_added");
    expect(rejectedPaths({ ...e, actor: { id: "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11", type: "robot" } })).toEqual(["actor.type"]);
  });

  it("rejects non-objects outright", () => {
    for (const input of [null, undefined, "event", 7, [], true]) expect(systemEventInput.safeParse(input).success).toBe(false);
  });
});

describe("loop_snoozed: until lies after occurred_at, at most a year later", () => {
  const snooze = (occurred_at: string, until: string) =>
    eventOf("loop_snoozed", { occurred_at, payload: { loop_id: "c3a0e51d-36ad-5006-839b-88525c21f206", until } });
  const issueOf = (input: unknown) => systemEventInput.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message]);

  it("accepts a millisecond later and exactly a calendar year later, whatever the offsets", () => {
    expect(issueOf(snooze("2026-11-02T09:00:00Z", "2026-11-02T09:00:00.001Z"))).toBeUndefined();
    expect(issueOf(snooze("2026-11-02T09:00:00Z", "2027-11-02T09:00:00Z"))).toBeUndefined();
    expect(issueOf(snooze("2026-11-02T09:00:00Z", "2027-11-02T11:00:00+02:00"))).toBeUndefined();
    // From 29 February a year later is 1 March.
    expect(issueOf(snooze("2028-02-29T12:00:00Z", "2029-03-01T12:00:00Z"))).toBeUndefined();
  });

  it("refuses until at or before occurred_at, or past a year, naming payload.until", () => {
    expect(issueOf(snooze("2026-11-02T09:00:00Z", "2026-11-02T09:00:00Z"))).toEqual([["payload.until", "must be later than the moment of snoozing"]]);
    expect(issueOf(snooze("2026-11-02T09:00:00Z", "2026-11-02T10:00:00+02:00"))).toEqual([["payload.until", "must be later than the moment of snoozing"]]);
    expect(issueOf(snooze("2026-11-02T09:00:00Z", "2027-11-02T09:00:00.001Z"))).toEqual([
      ["payload.until", "must be at most a year after the moment of snoozing"],
    ]);
  });

  it("reports a malformed until by its format, not by the window", () => {
    expect(issueOf(snooze("2026-11-02T09:00:00Z", "tomorrow"))?.map(([path]) => path)).toEqual(["payload.until"]);
  });
});

describe("client_created / client_updated", () => {
  const client = (type: "client_created" | "client_updated", payload: Record<string, unknown>) =>
    systemEventInput.safeParse(eventOf(type, { entity: { id: "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11", type: "client" }, payload }));

  it("trims the name and refuses an empty or 201-character one, naming payload.name", () => {
    expect(client("client_created", { name: "  Ada  " }).data?.payload.name).toBe("Ada");
    expect(client("client_created", { name: "   " }).error?.issues.map((i) => i.path.join("."))).toEqual(["payload.name"]);
    expect(client("client_created", { name: "a".repeat(200) }).success).toBe(true);
    expect(client("client_created", { name: "a".repeat(201) }).error?.issues.map((i) => i.path.join("."))).toEqual(["payload.name"]);
  });

  it("refuses an email that is not one, naming payload.email", () => {
    for (const email of ["ada", "ada@", "@example.com", "a b@example.com"]) {
      expect(client("client_created", { name: "Ada", email }).error?.issues.map((i) => i.path.join("."))).toEqual(["payload.email"]);
    }
  });

  it("an update gives at least one field; null clears an optional one but not the name", () => {
    expect(client("client_updated", { phone: null }).success).toBe(true);
    expect(client("client_updated", { note: "x" }).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["payload", "must give at least one of name, email, phone, company"],
    ]);
    expect(client("client_updated", { name: null }).error?.issues.map((i) => i.path.join("."))).toEqual(["payload.name"]);
  });

  it("is about a client only", () => {
    expect(systemEventInput.safeParse(eventOf("client_created", { entity: { id: "5f0c7a52-7d4b-4b8e-9c61-0d2f4b3e6a11", type: "deal" } })).success).toBe(false);
  });
});

// Issue 8, findings 2 and 13: bounded payloads, refused (naming the field) rather than changed.
describe("what the catalog refuses instead of storing it changed or crashing on it", () => {
  const deepArray = (levels: number): unknown => {
    let v: unknown = [];
    for (let i = 1; i < levels; i++) v = [v];
    return v;
  };
  const note = (payload: unknown) => eventOf("note_added", { payload: payload as never });
  const issueOf = (input: unknown) => {
    const r = systemEventInput.safeParse(input);
    expect(r.success).toBe(false);
    return r.error!.issues[0]!;
  };

  it("a payload nested 4,000 levels deep is refused, naming the path and the limit of 32", () => {
    const issue = issueOf(note({ text: "deep", tree: deepArray(4_000) }));
    expect(issue.path).toEqual(["payload", "tree", ...Array(31).fill(0)]);
    expect(issue.message).toMatch(/deeper than 32 levels/);
    expect(systemEventInput.safeParse(note({ text: "ok", tree: deepArray(31) })).success).toBe(true);
  });

  it("1e400 (Infinity once parsed) is refused rather than stored as null", () => {
    const issue = issueOf(note(JSON.parse('{"text":"n","big":1e400}')));
    expect(issue.path).toEqual(["payload", "big"]);
    expect(issue.message).toMatch(/finite number/);
  });

  it("a __proto__ key is refused rather than silently dropped", () => {
    expect(issueOf(note(JSON.parse('{"text":"p","__proto__":{"x":1}}'))).path).toEqual(["payload", "__proto__"]);
  });

  it("a NUL in a payload string is refused naming that field", () => {
    expect(issueOf(note({ text: "ok", extra: { remark: "a\u0000b" } })).path).toEqual(["payload", "extra", "remark"]);
  });

  it("an instant with sub-millisecond digits is refused rather than rounded; trailing zeros are fine", () => {
    const e = eventOf("note_added");
    const issue = issueOf({ ...e, occurred_at: "2026-11-02T09:00:00.123456789Z" });
    expect(issue).toMatchObject({ path: ["occurred_at"], message: "must have at most millisecond precision" });
    expect(systemEventInput.safeParse({ ...e, occurred_at: "2026-11-02T09:00:00.123000Z" }).success).toBe(true);
    expect(systemEventInput.safeParse({ ...e, occurred_at: "2026-11-02T09:00:00.1+02:00" }).success).toBe(true);
    expect(issueOf(eventOf("invoice_issued", { payload: { ...SAMPLE_PAYLOADS.invoice_issued, due_at: "2026-12-01T00:00:00.0001Z" } })).path)
      .toEqual(["payload", "due_at"]);
  });
});

describe("eventInputSchema: the server's configured payload limit (MAX_PAYLOAD_BYTES)", () => {
  it("refuses a payload over the limit it is built with, naming payload and the limit", () => {
    const small = eventInputSchema({ maxDepth: 32, maxBytes: 1024 });
    const event = eventOf("note_added", { payload: { text: "x".repeat(2000) } });
    const r = small.safeParse(event);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["payload", "must be at most 1,024 bytes when serialized (got 2,011)"]]);
    expect(systemEventInput.safeParse(event).success).toBe(true);
  });
});
