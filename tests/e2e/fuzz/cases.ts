import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { EVENT_TYPES, type EventType } from "../../../src/domain/events";
import { eventOf } from "../../helpers/events";
import { type CanaryIds, ODD_INSTANTS, RAW_BODIES, idArb, oddValueArb } from "./odd-values";

export type Credential = "none" | "key" | "session" | "bogus";
export type ProcedureInfo = { path: string; type: "query" | "mutation" | "subscription" };

/** One HTTP request the fuzz suite sends: a tRPC call (or batch), or a request to a route. */
export type FuzzCase =
  | {
      kind: "trpc";
      calls: { path: string; type: ProcedureInfo["type"]; input: unknown }[];
      method: "GET" | "POST";
      credential: Credential;
      origin: "same" | "other" | "none";
      raw?: string | Buffer;
    }
  | { kind: "route"; method: string; path: string; headers: Record<string, string>; body?: string | Buffer };

/** What the fuzz org owns, so templates can name real entities and loops of the caller's own org. */
export type OwnIds = { entities: { type: string; id: string }[]; loopIds: string[] };

const ENTITY_TYPES = ["deal", "invoice", "client", "followup"] as const;

/** A valid input for each procedure the suite knows; others start from {} (new procedures are fuzzed too). */
function template(path: string, own: OwnIds): unknown {
  const entity = own.entities[Math.floor(Math.random() * own.entities.length)] ?? { type: "deal", id: randomUUID() };
  const loopId = own.loopIds[Math.floor(Math.random() * own.loopIds.length)] ?? randomUUID();
  const type = EVENT_TYPES[Math.floor(Math.random() * EVENT_TYPES.length)] as EventType;
  switch (path) {
    case "events.append":
      return { ...eventOf(type), occurred_at: new Date().toISOString() };
    case "events.appendBatch":
      return { events: [eventOf(type), eventOf("note_added", { entity: entity as never, payload: { text: "fuzz" } })] };
    case "events.list":
    case "activity.list":
      return { limit: 20 };
    case "entities.timeline":
      return { ...entity, limit: 20 };
    case "entities.asOf":
      return { ...entity, asOf: new Date().toISOString(), basis: "recorded" };
    case "entities.followups":
    case "entities.displayName":
      return { ...entity };
    case "loops.list":
      return { status: "active", limit: 20 };
    case "loops.dismiss":
      return { loopId, reason: "fuzz" };
    case "loops.resolve":
      return { loopId, note: "fuzz" };
    case "loops.snooze":
      return { loopId, until: new Date(Date.now() + 3_600_000).toISOString(), note: "fuzz" };
    case "loops.reopen":
      return { loopId, note: "fuzz" };
    case "entities.list":
      return { type: entity.type, limit: 20 };
    case "entities.search":
      return { q: "fu", limit: 10 };
    case "loops.summary":
    case "org.identity":
    case "org.people":
    case "system.health":
    case "system.healthReport":
      return undefined;
    default:
      return {};
  }
}

/** All paths into a value, up to a few levels (where a mutation may land). */
function pathsOf(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (prefix.length >= 4 || v === null || typeof v !== "object") return out;
  for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

/** The template with one place replaced by `odd` (or deleted). */
function mutate(input: unknown, pick: number, odd: unknown, remove: boolean): unknown {
  const paths = pathsOf(input);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return odd;
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  if (remove) delete at[path.at(-1)!];
  else at[path.at(-1)!] = odd;
  return copy;
}

/** Another org's ids where an id of one's own belongs. */
function crossOrg(path: string, canary: CanaryIds, pick: number): unknown {
  const entity = canary.entities[pick % canary.entities.length]!;
  const event = canary.eventIds[pick % canary.eventIds.length]!;
  const loop = canary.loopIds[pick % canary.loopIds.length]!;
  switch (path) {
    case "events.append":
      return pick % 3 === 0
        ? { ...eventOf("note_added", { entity: entity as never, payload: { text: "cross" } }), id: event }
        : pick % 3 === 1
          ? { ...eventOf("note_added", { entity: entity as never, payload: { text: "cross" } }), org_id: canary.orgId }
          : eventOf("note_added", { entity: entity as never, payload: { text: "cross" }, actor: { id: canary.userId, type: "user" } });
    case "events.appendBatch":
      return { events: [{ ...eventOf("lead_created"), id: event }] };
    case "loops.dismiss":
    case "loops.resolve":
      return { loopId: loop };
    default:
      return { ...entity, asOf: new Date().toISOString(), loopId: loop, cursor: pick };
  }
}

const inputArb = (p: ProcedureInfo, canary: CanaryIds, own: OwnIds) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.tuple(fc.nat(), oddValueArb(canary), fc.boolean()).map(([pick, odd, remove]) => mutate(template(p.path, own), pick, odd, remove && pick % 4 === 0)) },
    { weight: 2, arbitrary: oddValueArb(canary) },
    { weight: 2, arbitrary: fc.constant(null).map(() => template(p.path, own)) },
    { weight: 2, arbitrary: fc.nat().map((pick) => crossOrg(p.path, canary, pick)) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_INSTANTS).map((t) => ({ ...(template(p.path, own) as object), occurred_at: t, asOf: t })) },
  );

const credentialArb = fc.constantFrom<Credential>("key", "key", "session", "session", "none", "bogus");

function trpcArb(procedures: ProcedureInfo[], canary: CanaryIds, own: OwnIds): fc.Arbitrary<FuzzCase> {
  const call = fc.constantFrom(...procedures).chain((p) => inputArb(p, canary, own).map((input) => ({ path: p.path, type: p.type, input })));
  return fc.record({
    calls: fc.oneof({ weight: 6, arbitrary: call.map((c) => [c]) }, { weight: 1, arbitrary: fc.array(call, { minLength: 2, maxLength: 5 }) }),
    credential: credentialArb,
    origin: fc.constantFrom<"same" | "other" | "none">("same", "same", "none", "other"),
    // Mostly the method the procedure expects; sometimes the other one, or a raw body no client would send.
    wrongMethod: fc.nat({ max: 19 }).map((n) => n === 0),
    raw: fc.oneof({ weight: 15, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) }),
  }).map(({ calls, credential, origin, wrongMethod, raw }) => {
    const mutation = calls.some((c) => c.type === "mutation");
    const method: "GET" | "POST" = mutation !== wrongMethod || raw !== null ? "POST" : "GET";
    return { kind: "trpc" as const, calls, method, credential, origin, ...(raw !== null ? { raw } : {}) };
  });
}

function routeArb(canary: CanaryIds): fc.Arbitrary<FuzzCase> {
  const header = fc.oneof(fc.constantFrom(...["Bearer x", "Bearer ", "Basic YTpi", "bearer calm_", `Bearer ${"a".repeat(5000)}`, "\u00ff"]), fc.string({ maxLength: 60 }));
  const odd = oddValueArb(canary);
  const page = fc.oneof(
    fc.constantFrom("/", "/activity", "/sign-in", "/account", "/entities", "/entities/deal", "/nope", "/%00", "/entities/%2e%2e/%2e%2e", "/api/nope"),
    fc.tuple(fc.constantFrom(...ENTITY_TYPES, "project", "..", "%00", "DEAL"), fc.oneof(idArb(canary), fc.constantFrom("x", "..%2f..", "%ff"))).map(([t, id]) => `/entities/${t}/${id}`),
    fc.tuple(fc.constantFrom(...canary.entities), fc.constantFrom(...ODD_INSTANTS, "x", "1e400", "")).map(([e, at]) => `/entities/${e.type}/${e.id}?at=${encodeURIComponent(at)}&basis=${encodeURIComponent(at)}`),
    fc.constantFrom(...ODD_INSTANTS, "-1", "abc").map((c) => `/activity?cursor=${encodeURIComponent(c)}`),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ auth: fc.option(header), page }).map(({ auth, page: path }): FuzzCase => ({ kind: "route", method: "GET", path, headers: { ...(auth ? { authorization: auth } : {}), __credential: "session" } })) },
    { weight: 2, arbitrary: fc.record({ auth: fc.option(header), q: fc.string({ maxLength: 30 }) }).map(({ auth, q }) => ({ kind: "route" as const, method: "GET", path: `/api/health?${encodeURIComponent(q)}`, headers: auth ? { authorization: auth } : {} })) },
    { weight: 2, arbitrary: fc.record({ auth: fc.option(header), body: odd }).map(({ auth, body }) => ({ kind: "route" as const, method: "POST", path: "/api/worker/tick", headers: auth ? { authorization: auth } : {}, body: JSON.stringify(body) ?? "" })) },
    {
      weight: 2,
      arbitrary: fc.record({
        email: odd, password: odd, accept: fc.constantFrom("application/json", "text/html", ""),
        type: fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain"), origin: fc.constantFrom("same", "other", "none"),
      }).map(({ email, password, accept, type, origin }) => ({
        kind: "route" as const, method: "POST", path: "/api/auth/sign-in",
        headers: { accept, "content-type": type, __origin: origin },
        body: type === "application/json" ? JSON.stringify({ email, password }) : `email=${formValue(email)}&password=${formValue(password)}`,
      })),
    },
    { weight: 1, arbitrary: fc.record({ path: fc.constantFrom("/api/health", "/api/worker/tick", "/api/trpc", "/api/trpc/", "/api/auth/sign-in"), method: fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD") }).map(({ path, method }) => ({ kind: "route" as const, method, path, headers: {} })) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((body) => ({ kind: "route" as const, method: "POST", path: "/", headers: { "next-action": "0".repeat(40), __origin: "same" }, body })) },
  ) as fc.Arbitrary<FuzzCase>;
}

/** A form field's value, percent-encoded; a lone surrogate becomes the invalid UTF-8 bytes a careless client would send. */
function formValue(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v) ?? "";
  try {
    return encodeURIComponent(s);
  } catch {
    return `${encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "?"))}%ED%A0%80`;
  }
}

/** The case mix: mostly tRPC calls (every procedure), then the routes and pages. */
export function fuzzCaseArb(procedures: ProcedureInfo[], canary: CanaryIds, own: OwnIds): fc.Arbitrary<FuzzCase> {
  return fc.oneof({ weight: 8, arbitrary: trpcArb(procedures, canary, own) }, { weight: 2, arbitrary: routeArb(canary) });
}
