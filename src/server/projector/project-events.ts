import type pg from "pg";
import { type EntityRef, type EntityState, entityKey, evolveEntity, initialEntityState, nextChangeAt, refOf } from "~/domain/entities";
import { type Loop, type LoopChange, deriveLoops, diffLoops, foldWithChanges } from "~/domain/loops";
import type { StoredEvent } from "../events/stored-event";
import { type LoadedState, entityParts, foldManyFromLog, loadStates, statesPayload } from "./entity-store";
import { changesJson, changesPart, readStoredLoops } from "./loop-changes-outbox";
import { type LoopWritesPayload, addLoopWrites, loopParts, loopWritesPayload, noLoopWrites, possibleLoopIds, recountLoops } from "./loop-store";
import { joinArrays, runParts } from "./write-parts";
import { CHANNELS } from "../signals/channels";
import { notifyInTransaction } from "../signals/publish";
import { CheckpointConflict } from "../subscriptions/checkpoint-store";
import type { ProjectionTables } from "./tables";
import { yielder } from "./yield-now";

/**
 * An entity to write: its new state, its loops at `now` and when time alone next changes them
 * (each derived once), and what its rows held before (rowsBefore). `fresh`: it had no row (so no
 * loop rows either).
 */
type Item = { state: EntityState; lastPosition: number; before: Before; fresh: boolean; loops: Loop[]; next: number | null; changes: LoopChange[] };

/** An entity's rows before the write: known, or unknown with every id they may have. */
type Before = Loop[] | { possible: string[] };

function itemOf(
  state: EntityState,
  lastPosition: number,
  before: Before,
  fresh: boolean,
  now: Date,
  loops = deriveLoops(state, now),
  changes: LoopChange[] = [],
): Item {
  return { state, lastPosition, before, fresh, loops, next: nextChangeAt(state, now)?.getTime() ?? null, changes };
}
/** `changes`: the loop changes to record in the outbox (loop-changes-outbox.ts), as one JSON document. */
export type Chunk = { inserts: string | null; upserts: string | null; loops: LoopWritesPayload; changes: string | null };

/**
 * A batch folded, derived and serialized, ready to write: what `applyProjection` sends. `after`
 * holds the entities' new states, so the next batch can be prepared before this one is written.
 * `changedOrgs`: set by applyProjection, the orgs whose loops it changed (notified at commit).
 */
export type PreparedProjection = { chunks: Chunk[]; orgIds: string[]; after: Map<string, LoadedState>; changedOrgs?: string[]; careful?: boolean };

/**
 * Folds a batch (in subscription order) into the entity read model and re-derives the touched
 * entities' loops at `now`. Runs inside the subscriber's transaction, with its checkpoint.
 */
export async function projectEvents(
  client: pg.PoolClient,
  tables: ProjectionTables,
  events: StoredEvent[],
  now: Date,
  opts: Careful = {},
): Promise<void> {
  await applyProjection(client, tables, await prepareProjection(client, tables, events, now, null, opts));
}

/**
 * `careful`: the batch trusts no stored row or state, because a write found the rows not as their
 * states said (StaleRows): a row deleted or added behind the projector's back, or a race with a
 * rebuild's swap. Each entity read from the table is refolded from the log and its rows read and
 * upserted (as for a state that cannot be decoded), and an entity new to the projection has its
 * rows looked for too; the batch then leaves every entity it touches as its events say, and its
 * orgs' loop counts are taken again from the loops table (recountLoops). Slower (its entities'
 * events read from the log: ~4× a batch's preparation), so only the batch after a refusal runs so.
 */
export type Careful = { careful?: boolean };

/**
 * The read-only half of projecting a batch: load the touched entities, fold, derive their loops at
 * `now`, serialize the writes. `previous`: the batch before this one, prepared but perhaps not yet
 * committed; its entities' states are taken from it rather than from the table.
 */
export async function prepareProjection(
  db: pg.Pool | pg.PoolClient,
  tables: ProjectionTables,
  events: StoredEvent[],
  now: Date,
  previous: PreparedProjection | null,
  opts: Careful = {},
): Promise<PreparedProjection> {
  const careful = opts.careful === true;
  // Within one batch the fold must follow log order per entity; (tx_id, position) order already
  // is per-entity log order because versions are assigned under a per-entity lock.
  const byEntity = new Map<string, { ref: EntityRef; events: StoredEvent[] }>();
  for (const e of events) {
    const ref = refOf(e);
    const key = entityKey(ref);
    const group = byEntity.get(key);
    if (group) group.events.push(e);
    else byEntity.set(key, { ref, events: [e] });
  }
  const carried = previous?.after ?? new Map<string, LoadedState>();
  const toLoad = [...byEntity].filter(([key]) => !carried.has(key)).map(([, g]) => g.ref);
  const loaded = await loadStates(db, tables, toLoad, { refold: careful });
  await refoldMissing(db, toLoad, loaded, byEntity);
  const after = new Map<string, LoadedState>();
  const chunks: Chunk[] = [];
  let items: Item[] = [];
  const pause = yielder();
  const track = tables.changes !== null;
  const priors = [...byEntity].map(([key]) => carried.get(key) ?? loaded.get(key));
  // A carried state comes from the batch before, which writes its rows: known even when careful.
  const befores = [...byEntity.values()].map(({ events: own }, i) => {
    const prior = priors[i];
    if (!careful || (prior && !prior.refolded)) return rowsBefore(prior, now);
    return { possible: possibleLoopIds([...(prior?.refolded?.eventIds ?? []), ...own.map((e) => e.id)]) };
  });
  const stored = track ? await storedRowsOf(db, tables, befores) : null;
  let i = 0;
  for (const [key, { ref, events: own }] of byEntity) {
    await pause();
    const before = befores[i]!;
    const prior = priors[i++];
    const initial = prior?.state ?? initialEntityState(ref.type, ref.id, ref.org_id);
    let item: Item;
    if (stored) {
      // Each change with its own cause: time first (its rows may predate a due date), then each event.
      const step = foldWithChanges(initial, knownRows(before, stored), timeMayHaveMoved(prior, now), own, now);
      item = itemOf(step.state, own.at(-1)!.position, before, prior === undefined && !careful, now, step.loops, step.changes);
    } else {
      let state = initial;
      for (const e of own) state = evolveEntity(state, e);
      item = itemOf(state, own.at(-1)!.position, before, prior === undefined && !careful, now);
    }
    const state = item.state;
    items.push(item);
    after.set(key, { state, nextChangeAt: item.next, refolded: null, derived: { atMs: now.getTime(), loops: item.loops } });
    // Serialized as it goes: a batch's items (rows before, changes) then die young instead of
    // being copied by every scavenge until the batch's end.
    if (items.length === SERIALIZE_EVERY) {
      chunks.push(serialize(items));
      items = [];
    }
  }
  if (items.length > 0 || chunks.length === 0) chunks.push(serialize(items));
  return { chunks, orgIds: [...new Set([...byEntity.values()].map((g) => g.ref.org_id))], after, careful };
}

/**
 * An entity with no row whose first event here is not its first (its row deleted behind the
 * projector's back: an earlier batch wrote it) is folded from its earlier events, so that the
 * batch does not take it for new; its rows then count as unknown (read and upserted).
 */
async function refoldMissing(
  db: pg.Pool | pg.PoolClient,
  refs: EntityRef[],
  loaded: Map<string, LoadedState>,
  byEntity: Map<string, { events: StoredEvent[] }>,
): Promise<void> {
  const wants = refs.flatMap((ref) => {
    const first = byEntity.get(entityKey(ref))!.events[0]!;
    return loaded.has(entityKey(ref)) || first.entity_version <= 1 ? [] : [{ ref, version: first.entity_version - 1 }];
  });
  for (const [key, { state, refolded }] of await foldManyFromLog(db, wants)) {
    if (refolded.eventIds.length > 0) loaded.set(key, { state, refolded, nextChangeAt: null });
  }
}

/** Entities serialized per chunk of a batch (prepareProjection). */
const SERIALIZE_EVERY = 500;

/**
 * The writing half: the chunks' writes (serialized in `prepare`, so nothing is computed here) in
 * one statement, then the notification.
 */
export async function applyProjection(client: pg.PoolClient, tables: ProjectionTables, p: PreparedProjection): Promise<void> {
  const changed = await sendChunks(client, tables, p.chunks);
  if (p.careful) await recountLoops(client, tables, p.orgIds);
  p.changedOrgs = await notifyIfChanged(client, tables, p.orgIds, changed);
}

function serialize(items: Item[]): Chunk {
  const writes = noLoopWrites();
  const fresh: Item[] = [];
  const known: Item[] = [];
  const changes: LoopChange[] = [];
  for (const item of items) {
    addLoopWrites(writes, item.before, item.loops);
    (item.fresh ? fresh : known).push(item);
    for (const c of item.changes) changes.push(c);
  }
  return {
    inserts: fresh.length > 0 ? statesPayload(fresh) : null,
    upserts: known.length > 0 ? statesPayload(known) : null,
    loops: loopWritesPayload(writes),
    changes: changesJson(changes),
  };
}

/**
 * Whether time alone may have changed an entity's loops since its rows were written: they were
 * derived before its stored next change, which `now` has reached (rowsBefore), or are unknown.
 */
function timeMayHaveMoved(stored: LoadedState | undefined, now: Date): boolean {
  if (!stored) return false;
  if (stored.refolded) return true;
  return stored.nextChangeAt !== null && stored.nextChangeAt <= now.getTime();
}

/**
 * The rows of entities whose rows are not known without reading them (refolded, or a careful
 * batch: rare), read from the table, so that their changes are judged against what is there.
 */
async function storedRowsOf(db: pg.Pool | pg.PoolClient, tables: ProjectionTables, befores: Before[]): Promise<Map<string, Loop>> {
  const ids = befores.flatMap((b) => (Array.isArray(b) ? [] : b.possible));
  return new Map((await readStoredLoops(db, tables.loops, ids)).map((l) => [l.id, l]));
}

const knownRows = (before: Before, stored: Map<string, Loop>): Loop[] =>
  Array.isArray(before) ? before : before.possible.flatMap((id) => stored.get(id) ?? []);

/** Writes the chunks, all in one statement (write-parts.ts); returns how many loop rows changed. */
async function sendChunks(client: pg.PoolClient, tables: ProjectionTables, chunks: Chunk[]): Promise<number> {
  const all = (f: (c: Chunk) => string | null) => joinArrays(chunks.map(f));
  const deleteIds = chunks.map((c) => c.loops.deleteIds).filter((d) => d !== null);
  const changes = all((c) => c.changes);
  const parts = [
    ...(tables.changes !== null && changes !== null ? [changesPart(tables.changes, changes)] : []),
    ...entityParts(tables, all((c) => c.inserts), all((c) => c.upserts)),
    ...loopParts(tables, {
      insert: all((c) => c.loops.insert),
      update: all((c) => c.loops.update),
      upsert: all((c) => c.loops.upsert),
      deleteIds: deleteIds.length > 0 ? deleteIds.join(",") : null,
    }),
  ];
  let counts: Record<string, number>;
  try {
    counts = await runParts(client, parts);
  } catch (e) {
    throw isUniqueViolation(e) ? stale() : e;
  }
  const updated = chunks.reduce((n, c) => n + c.loops.updated, 0);
  if ((counts.lu ?? 0) !== updated) throw stale();
  return (counts.ld ?? 0) + (counts.li ?? 0) + (counts.lu ?? 0) + (counts.lx ?? 0);
}

/**
 * The rows are not those the batch was prepared against (an entity row or loop expected absent is
 * there, or one expected there is not: a rebuild's swap or another run wrote them meanwhile, or
 * someone changed them behind the projector's back). Nothing of the batch stays, and the runner
 * prepares it again, carefully (Careful).
 */
const stale = () => new StaleRows("the projection's rows are not those the batch was prepared against; it is prepared again, carefully");

/** A batch's (or a tick's) write found the rows not as prepared: nothing of it stays (see Careful). */
export class StaleRows extends CheckpointConflict {
  override name = "StaleRows";
}

/**
 * Runs `write` in a savepoint of this transaction and, refused as stale, once more carefully
 * (writes that cannot start a transaction of their own: the time pass, a rebuild's swap). `what`
 * names it in the warning.
 */
export async function carefulOnStale<T>(client: pg.PoolClient, tables: ProjectionTables, what: string, write: (opts: Careful) => Promise<T>): Promise<T> {
  await client.query("SAVEPOINT before_write");
  try {
    const out = await write({});
    await client.query("RELEASE SAVEPOINT before_write");
    return out;
  } catch (e) {
    if (!(e instanceof StaleRows)) throw e;
    await client.query("ROLLBACK TO SAVEPOINT before_write");
    warnStale(tables, what);
    return write({ careful: true });
  }
}

/** For the operator: rows changed by hand are worth knowing of (docs/operations.md); a rebuild's swap meanwhile is the other cause. */
export function warnStale(tables: ProjectionTables, what: string) {
  console.warn(
    `[projector] ${what} found ${tables.loops} or ${tables.entities} rows not as the projector left them (changed by hand, or a rebuild's swap meanwhile): prepared again carefully, from the log`,
  );
}

const isUniqueViolation = (e: unknown) => (e as { code?: unknown } | null)?.code === "23505";

/**
 * What the entity's open_loops rows hold, without reading them: none for a new entity; else those
 * derived from its stored state at the instant they were written, t0. Derived loops change only at
 * the stored next change N (nextChangeAt(state, t0)), so they are deriveLoops(state, t) for any t
 * in [t0, N): at `now` while N is ahead, else just before N. Unknown only when the stored state had
 * to be refolded (written by another fold): then every id its events could have opened.
 */
export function rowsBefore(stored: LoadedState | undefined, now: Date): Before {
  if (!stored) return [];
  if (stored.refolded) return { possible: possibleLoopIds(stored.refolded.eventIds) };
  const nowMs = now.getTime();
  const next = stored.nextChangeAt;
  if (next !== null && next <= nowMs) return deriveLoops(stored.state, new Date(next - 1));
  // Derived by the batch before at an instant not after `now`, with no time change in between.
  if (stored.derived && stored.derived.atMs <= nowMs) return stored.derived.loops;
  return deriveLoops(stored.state, now);
}

/**
 * Entities that have no rows yet, folded elsewhere (a rebuild's first pass), serialized at `now`:
 * their rows and loops are plain inserts.
 */
export function freshChunk(states: { state: EntityState; lastPosition: number }[], now: Date): Chunk {
  return serialize(states.map(({ state, lastPosition }) => itemOf(state, lastPosition, [], true, now)));
}

/** Writes chunks from freshChunk, in one statement (no notification: a rebuild's shadow has no listeners). */
export async function writeChunks(client: pg.PoolClient, tables: ProjectionTables, chunks: Chunk[]): Promise<void> {
  await sendChunks(client, tables, chunks);
}

/**
 * Saves stored entities re-derived at `now` (the tick: time alone changed them), writing only the
 * rows that changed; notifies listeners of the orgs whose loops changed, and returns those orgs.
 */
export async function writeDerived(
  client: pg.PoolClient,
  tables: ProjectionTables,
  entities: { stored: LoadedState; lastPosition: number }[],
  now: Date,
  opts: Careful = {},
): Promise<string[]> {
  const befores = entities.map((e) => rowsBefore(e.stored, now));
  const rows = tables.changes !== null ? await storedRowsOf(client, tables, befores) : null;
  const items = entities.map(({ stored, lastPosition }, i) => {
    const before = befores[i]!;
    const loops = deriveLoops(stored.state, now);
    // Time alone changed them: every change is time's, at its own instant (a due date, a snooze's end).
    const changes = rows ? diffLoops(knownRows(before, rows), loops, { eventId: null }) : [];
    return itemOf(stored.state, lastPosition, before, false, now, loops, changes);
  });
  const changed = await sendChunks(client, tables, [serialize(items)]);
  const orgIds = [...new Set(items.map((i) => i.state.org_id))];
  if (opts.careful) await recountLoops(client, tables, orgIds);
  return notifyIfChanged(client, tables, orgIds, changed);
}

/**
 * The live projection's changes, as a NOTIFY delivered at commit (other processes' dashboards);
 * the orgs are returned for the caller to tell this process's after the commit.
 */
async function notifyIfChanged(client: pg.PoolClient, tables: ProjectionTables, orgIds: string[], changed: number): Promise<string[]> {
  if (changed === 0 || tables.loops !== "open_loops") return [];
  const orgs = [...new Set(orgIds)];
  await notifyInTransaction(client, CHANNELS.loopsChanged, orgs);
  return orgs;
}
