import type pg from "pg";
import type { Actor, SystemEventInput } from "~/domain/events";
import { AppError, badRequest, conflict, forbidden } from "../errors";
import { canonicalJson } from "./canonical-json";
import { unstorableField } from "./storable";
import { EVENT_COLUMNS, type EventRow, type StoredEvent, rowToEvent } from "./stored-event";
import { withTransaction } from "../db/transaction";

export type AppendInput = SystemEventInput & { expectedVersion?: number };

/** Who is appending: the org always comes from the credential, never from the body. */
export type Appender = { orgId: string; sessionActor?: Actor };

export type AppendResult = { event: StoredEvent; duplicate: boolean };

type Prepared = {
  input: AppendInput;
  actor: Actor;
  index: number;
  entityKey: string;
};

/**
 * Appends a batch atomically: every event lands or none does.
 * - Idempotent on id: same content → the stored event with duplicate: true; other content → CONFLICT.
 * - expectedVersion: CONFLICT unless the entity's version just before this event equals it.
 * Entity versions are assigned under per-entity advisory locks so concurrent writers serialize
 * per entity only; the unique (org, entity, version) index is the last line of defence.
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
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTransaction(pool, (client) => appendInTx(client, who.orgId, prepared, pathPrefix, isBatch));
    } catch (e) {
      // Two writers racing on the same new id across different entities: retry sees the winner.
      // Batches inserting shared new ids in crossed orders can deadlock: the victim retries too.
      if (attempt < 2 && (isUniqueViolation(e, "system_events_pkey") || isDeadlock(e))) continue;
      throw e;
    }
  }
}

function prepare(who: Appender, input: AppendInput, index: number, path: (string | number)[]): Prepared {
  if (input.org_id !== undefined && input.org_id !== who.orgId) {
    throw forbidden("org_id names another organisation than the credential's", [...path, "org_id"]);
  }
  const unstorable = unstorableField(input);
  if (unstorable) throw badRequest(`${unstorable} holds a value the database cannot store (NUL, lone surrogate or year 0)`, [...path, unstorable]);
  const actor = who.sessionActor ?? input.actor;
  if (!actor) throw badRequest("actor is required when appending with an API key", [...path, "actor"]);
  const entityKey = `${input.primary_entity.type}:${input.primary_entity.id}`;
  return { input, actor, index, entityKey };
}

async function appendInTx(
  client: pg.PoolClient,
  orgId: string,
  events: Prepared[],
  pathPrefix: (string | number)[],
  isBatch: boolean,
): Promise<AppendResult[]> {
  const pathOf = (p: Prepared, field: string) => (isBatch ? [...pathPrefix, p.index, field] : [...pathPrefix, field]);
  // Lock first, before anything writes: the transaction's xid is assigned at its first write, so
  // a later writer of the same entity gets a larger tx_id. Subscriptions order by (tx_id,
  // position); this keeps that order equal to each entity's version order.
  const entityKeys = [...new Set(events.map((e) => `${orgId}:${e.entityKey}`))];
  await client.query(
    "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(x, 0) AS k FROM unnest($1::text[]) x ORDER BY 1) s",
    [entityKeys],
  );

  // occurred_at is compared by Postgres, at its microsecond precision: JS Dates keep milliseconds
  // and truncate where Postgres rounds, so an identical retry could look like other content.
  const existing = new Map<string, StoredEvent>();
  const sameOccurred = new Set<number>();
  const found = await client.query<EventRow & { n: number; same_occurred: boolean }>(
    `SELECT ${EVENT_COLUMNS}, u.n::int AS n, occurred_at = u.o AS same_occurred
       FROM system_events JOIN unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS u(i, o, n) ON id = u.i`,
    [events.map((e) => e.input.id), events.map((e) => e.input.occurred_at)],
  );
  for (const r of found.rows) {
    existing.set(r.id, rowToEvent(r));
    if (r.same_occurred) sameOccurred.add(r.n - 1);
  }

  const versions = new Map<string, number>();
  const cur = await client.query<{ t: string; id: string; v: number }>(
    `SELECT primary_entity_type AS t, primary_entity_id AS id, max(entity_version) AS v
       FROM system_events
      WHERE org_id = $1 AND (primary_entity_type, primary_entity_id) IN (SELECT * FROM unnest($2::text[], $3::uuid[]))
      GROUP BY 1, 2`,
    [orgId, events.map((e) => e.input.primary_entity.type), events.map((e) => e.input.primary_entity.id)],
  );
  for (const r of cur.rows) versions.set(`${r.t}:${r.id}`, r.v);

  const results: (AppendResult | { pending: Prepared; version: number })[] = [];
  const inBatch = new Map<string, Prepared>();
  for (const p of events) {
    const prior = existing.get(p.input.id);
    if (prior) {
      if (prior.org_id !== orgId || !sameOccurred.has(p.index) || !sameContent(prior, p)) {
        throw conflict(`event ${p.input.id} already exists with different content`, pathOf(p, "id"));
      }
      results.push({ event: prior, duplicate: true });
      continue;
    }
    const twin = inBatch.get(p.input.id);
    if (twin) {
      if (!samePrepared(twin, p)) throw conflict(`event ${p.input.id} appears twice with different content`, pathOf(p, "id"));
      results.push({ pending: twin, version: -1 });
      continue;
    }
    const current = versions.get(p.entityKey) ?? 0;
    if (p.input.expectedVersion !== undefined && p.input.expectedVersion !== current) {
      throw conflict(
        `expectedVersion ${p.input.expectedVersion} does not match the entity's current version ${current}`,
        pathOf(p, "expectedVersion"),
      );
    }
    versions.set(p.entityKey, current + 1);
    inBatch.set(p.input.id, p);
    results.push({ pending: p, version: current + 1 });
  }

  const toInsert = results.filter((r): r is { pending: Prepared; version: number } => "pending" in r && r.version > 0);
  const inserted = new Map<string, StoredEvent>();
  if (toInsert.length > 0) {
    const cols = {
      id: [] as string[], type: [] as string[], occurred: [] as string[], actorId: [] as string[], actorType: [] as string[],
      entityId: [] as string[], entityType: [] as string[], payload: [] as string[], version: [] as number[],
    };
    for (const { pending: p, version } of toInsert) {
      cols.id.push(p.input.id);
      cols.type.push(p.input.event_type);
      cols.occurred.push(p.input.occurred_at);
      cols.actorId.push(p.actor.id);
      cols.actorType.push(p.actor.type);
      cols.entityId.push(p.input.primary_entity.id);
      cols.entityType.push(p.input.primary_entity.type);
      cols.payload.push(JSON.stringify(p.input.payload));
      cols.version.push(version);
    }
    const res = await client.query<EventRow>(
      `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                  primary_entity_type, payload, entity_version)
       SELECT i, $1, t, o, ai, at, ei, et, p::jsonb, v
         FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::uuid[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::int[])
              AS u(i, t, o, ai, at, ei, et, p, v)
       RETURNING ${EVENT_COLUMNS}`,
      [orgId, cols.id, cols.type, cols.occurred, cols.actorId, cols.actorType, cols.entityId, cols.entityType, cols.payload, cols.version],
    );
    for (const r of res.rows) inserted.set(r.id, rowToEvent(r));
  }
  return results.map((r) => {
    if ("event" in r) return r;
    const event = inserted.get(r.pending.input.id);
    if (!event) throw new AppError("CONFLICT", `event ${r.pending.input.id} was not stored`);
    return { event, duplicate: r.version < 0 };
  });
}

function sameContent(prior: StoredEvent, p: Prepared): boolean {
  return (
    prior.event_type === p.input.event_type &&
    prior.actor.id === p.actor.id &&
    prior.actor.type === p.actor.type &&
    prior.primary_entity.id === p.input.primary_entity.id &&
    prior.primary_entity.type === p.input.primary_entity.type &&
    canonicalJson(prior.payload) === canonicalJson(p.input.payload)
  );
}

function samePrepared(a: Prepared, b: Prepared): boolean {
  return (
    a.input.event_type === b.input.event_type &&
    Date.parse(a.input.occurred_at) === Date.parse(b.input.occurred_at) &&
    a.actor.id === b.actor.id &&
    a.actor.type === b.actor.type &&
    a.entityKey === b.entityKey &&
    canonicalJson(a.input.payload) === canonicalJson(b.input.payload)
  );
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === "23505" && err.constraint === constraint;
}

function isDeadlock(e: unknown): boolean {
  return (e as { code?: string })?.code === "40P01";
}
