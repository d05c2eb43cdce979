import type pg from "pg";
import type { Actor, SystemEventInput } from "~/domain/events";
import { keepsNamedStatements } from "../db/server-features";
import { AppError } from "../errors";
import { appendCall } from "./append-call";
import { type Coalescer, createCoalescer } from "./append-coalescer";
import { signalAppended } from "./append-signal";
import { unstorableField } from "./storable";
import type { StoredEvent } from "./stored-event";

export type AppendInput = SystemEventInput & { expectedVersion?: number };

/**
 * Who is appending: the org always comes from the credential, never from the body. apiKeyId: the
 * key's id when an API key appends (its scopes decide whether it may name a user: actor-policy.ts).
 */
export type Appender = { orgId: string; sessionActor?: Actor; apiKeyId?: string };

export type AppendResult = { event: StoredEvent; duplicate: boolean };

type Prepared = { input: AppendInput; actor: Actor; index: number };

/**
 * Appends a batch atomically: every event lands or none does.
 * - Idempotent on id: same content → the stored event with duplicate: true; other content → CONFLICT.
 * - expectedVersion: CONFLICT unless the entity's version just before this event equals it.
 * Entity versions are assigned under per-entity advisory locks so concurrent writers serialize
 * per entity only; the unique (org, entity, version) index is the last line of defence.
 * A request is one statement, so it commits on its own (autocommit) — no BEGIN/COMMIT trips.
 */
export async function appendEvents(
  pool: pg.Pool,
  who: Appender,
  inputs: AppendInput[],
  pathPrefix: (string | number)[] = [],
): Promise<AppendResult[]> {
  // A batch (a path prefix such as ["events"], or several inputs) names the event's index in
  // error paths, even when it holds one event: ["events", 0, "actor"].
  const isBatch = pathPrefix.length > 0 || inputs.length > 1;
  const prepared = inputs.map((input, index) => prepare(who, input, index, isBatch ? [...pathPrefix, index] : pathPrefix));
  if (prepared.length === 0) return [];
  const results = isBatch
    ? await withRetries(() => appendOnce(pool, who.orgId, prepared, (p, field) => [...pathPrefix, p.index, field]))
    : [await coalescerOf(pool).submit(who.orgId, prepared[0]!)];
  signalAppended(pool, who.orgId, results); // committed: wake the workers
  return results;
}

async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      // Two writers racing on the same new id across different entities: retry sees the winner.
      // Batches inserting shared new ids in crossed orders can deadlock: the victim retries too.
      if (attempt < 2 && (isUniqueViolation(e, "system_events_pkey") || isDeadlock(e))) continue;
      throw e;
    }
  }
}

const singlePath = (_p: Prepared, field: string) => [field];

/** Per pool (tests use one per database), single appends of an org share group commits. */
const coalescers = new WeakMap<pg.Pool, Coalescer<Prepared, AppendResult>>();
function coalescerOf(pool: pg.Pool): Coalescer<Prepared, AppendResult> {
  let c = coalescers.get(pool);
  if (!c) {
    c = createCoalescer<Prepared, AppendResult>({
      maxInFlight: 2,
      maxGroup: 100,
      runGroup: (orgId, ps) => withRetries(() => appendOnce(pool, orgId, ps, singlePath)),
      runOne: async (orgId, p) => (await withRetries(() => appendOnce(pool, orgId, [p], singlePath)))[0]!,
    });
    coalescers.set(pool, c);
  }
  return c;
}

function prepare(who: Appender, input: AppendInput, index: number, path: (string | number)[]): Prepared {
  if (input.org_id !== undefined && input.org_id !== who.orgId) {
    throw new AppError("org_mismatch", "org_id names another organisation than the credential's", [...path, "org_id"]);
  }
  const unstorable = unstorableField(input);
  if (unstorable) {
    const at = [...path, ...unstorable.path];
    throw new AppError("unstorable_value", `${at.join(".")}: ${unstorable.message}`, at);
  }
  const actor = who.sessionActor ?? input.actor;
  if (!actor) throw new AppError("actor_required", "actor is required when appending with an API key", [...path, "actor"]);
  return { input, actor, index };
}

/**
 * One round trip: calm_append_events (current definition: prisma/sql/calm_append_events.sql)
 * locks the entities, checks ids and expected versions, and inserts, atomically. Its refusals
 * come back as one error naming the first offending event, which we turn into CONFLICT with the
 * field's path.
 */
async function appendOnce(
  pool: pg.Pool,
  orgId: string,
  events: Prepared[],
  pathOf: (p: Prepared, field: string) => (string | number)[],
): Promise<AppendResult[]> {
  // An event's n in the answer is its place in this call (a group commit holds several requests' events).
  const rows = events.map((p) => ({
    id: p.input.id,
    event_type: p.input.event_type,
    occurred_at: p.input.occurred_at,
    actor_id: p.actor.id,
    actor_type: p.actor.type,
    entity_id: p.input.primary_entity.id,
    entity_type: p.input.primary_entity.type,
    payload: p.input.payload,
    expected_version: p.input.expectedVersion ?? null,
  }));
  const call = appendCall(orgId, rows);
  try {
    // Only what the log adds comes back: the rest of each stored event is the request's own (a
    // duplicate's content is the request's by definition). Full rows, payloads included, cost a
    // 500-event batch ~1 ms more of Node and ~0.6 ms more of Postgres (alternated, medians).
    const res = await pool.query<Added>({
      // A named statement where the server allows it: parsed and planned once per connection, it
      // cost a single append's Postgres ~0.39 ms instead of ~0.53 (alternated, medians).
      name: (await keepsNamedStatements(pool)) ? `calm_append_events_${call.form}` : undefined,
      // Instants come back as epoch milliseconds, printed here: parsing timestamptz text into
      // Dates was a tenth of a 500-event batch's time in Node, and printing them with to_char
      // ~1.5 ms of its ~15 in Postgres (alternated, medians).
      text: `SELECT n, duplicate, id, ${epochMs("occurred_at")}, ${epochMs("created_at")}, "position", entity_version
         FROM calm_append_events(${call.args})`,
      values: call.values,
    });
    const recordTime = isoPrinter();
    return inRequestOrder(events, res.rows).map((r, n) => ({ event: storedEvent(orgId, events[n]!, r, recordTime), duplicate: r.duplicate }));
  } catch (e) {
    throw refusal(e, events, pathOf) ?? e;
  }
}

/** What the log gives an appended (or already stored) event: its instants as stored (epoch ms), its place. */
type Added = { n: number | null; duplicate: boolean; id: string; occurred_at: number; created_at: number; position: number; entity_version: number };

/**
 * The rows in the request's order. A batch of new, distinct ids comes back unnumbered (n null) and
 * in no order (calm_append_events version 5): each row is then placed by its id (the log's, in
 * lower case). Every other answer is numbered.
 */
function inRequestOrder(events: Prepared[], rows: Added[]): Added[] {
  let at: Map<string, number> | null = null; // made only for an unnumbered answer
  const out: (Added | undefined)[] = events.map(() => undefined);
  for (const r of rows) {
    const n = r.n ?? (at ??= new Map(events.map((p, i) => [p.input.id.toLowerCase(), i]))).get(r.id);
    if (n === undefined || out[n] !== undefined) throw new Error("calm_append_events answered other rows than the request's");
    out[n] = r;
  }
  if (out.includes(undefined)) throw new Error("calm_append_events answered fewer rows than the request's");
  return out as Added[];
}

/**
 * The stored event, from the request and what the log added. The log holds uuids in lower case,
 * as reads return them; occurred_at is the log's own spelling (UTC, milliseconds).
 */
function storedEvent(orgId: string, p: Prepared, r: Added, recordTime: (ms: number) => string): StoredEvent {
  return {
    id: p.input.id.toLowerCase(),
    org_id: orgId.toLowerCase(),
    event_type: p.input.event_type,
    occurred_at: new Date(Number(r.occurred_at)).toISOString(),
    actor: { id: p.actor.id.toLowerCase(), type: p.actor.type },
    primary_entity: { id: p.input.primary_entity.id.toLowerCase(), type: p.input.primary_entity.type },
    payload: p.input.payload,
    created_at: recordTime(Number(r.created_at)),
    position: r.position,
    entity_version: r.entity_version,
  } as StoredEvent;
}

/**
 * A timestamptz column as epoch milliseconds, truncated as reads print it (to_char's MS; floor
 * also for instants before 1970, whose milliseconds of the second are counted upwards too).
 */
const epochMs = (col: string) => `floor(extract(epoch FROM ${col}) * 1000)::int8 AS ${col}`;

/** Prints epoch milliseconds as toISOString() does; the last one is remembered (a call's rows share one record time). */
function isoPrinter(): (ms: number) => string {
  let lastMs = NaN;
  let last = "";
  return (ms) => (ms === lastMs ? last : ((lastMs = ms), (last = new Date(ms).toISOString())));
}

/** The answer for an id already taken (by other content, or by another org): no more than that. */
export const ID_UNUSABLE = "id cannot be used for this event; use a new UUID";

type Refusal = { n: number; kind: "exists" | "twin" | "expected"; current: number | null; given: number | null };

function refusal(e: unknown, events: Prepared[], pathOf: (p: Prepared, field: string) => (string | number)[]): AppError | null {
  const err = e as { code?: string; message?: string; detail?: string };
  if (err?.code !== "P0001" || err.message !== "calm_append_conflict" || !err.detail) return null;
  const r = JSON.parse(err.detail) as Refusal;
  const p = events[r.n]!;
  switch (r.kind) {
    case "exists":
      // The same answer whether the id holds other content in this org or any content in another
      // one: saying which would tell a caller that another org has an event with that id.
      return new AppError("event_exists", ID_UNUSABLE, pathOf(p, "id"));
    case "twin":
      return new AppError("event_twice", `event ${p.input.id} appears twice with different content`, pathOf(p, "id"));
    case "expected":
      return new AppError(
        "version_mismatch",
        `expectedVersion ${r.given} does not match the entity's current version ${r.current}`,
        pathOf(p, "expectedVersion"),
      );
  }
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === "23505" && err.constraint === constraint;
}

function isDeadlock(e: unknown): boolean {
  return (e as { code?: string })?.code === "40P01";
}
