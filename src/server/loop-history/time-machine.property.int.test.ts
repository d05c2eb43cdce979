import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCaller, newOrg } from "../../../tests/helpers/callers";
import { loggedEvents, sleep, unprojectedCount } from "../../../tests/helpers/projection";
import { freshInputs } from "../../../tests/helpers/fresh-inputs";
import { createTestDb, type TestDb } from "../../../tests/helpers/test-db";
import { entityKey, refOf } from "~/domain/entities";
import type { LoggedEvent } from "~/domain/events";
import { type Loop, LOOP_STATUSES, normalizeIso } from "~/domain/loops";
import { buildLog, scenario } from "~/domain/testing/arbitrary-log";
import { loopChangesBetween, type TimeBasis } from "~/domain/time-travel";
import { appendEvents } from "../events/append";
import type { LoopRow } from "../loops/list-loops";
import { runLoopHistory } from "./loop-history-job";
import { LOOP_HISTORY_SUBSCRIBER } from "./loop-history-subscriber";
import { rebuildLoopHistory } from "./rebuild-loop-history";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.drop());

const HOUR = 3_600_000;
const BASES: TimeBasis[] = ["occurred", "recorded"];
/** Generated histories start ten days back (real time): record times are the database's own. */
const T0 = Date.now() - 10 * 24 * HOUR;
/** The callers' now lies past every generated instant (future-dated events included): every moment is past. */
const clock = () => new Date(Date.now() + 60 * 24 * HOUR);

async function historyCaughtUp(): Promise<void> {
  for (let i = 0; ; i++) {
    const run = await runLoopHistory(db.pool);
    if (!run.skipped && (await unprojectedCount(db.pool, LOOP_HISTORY_SUBSCRIBER)) === 0) return;
    if (i > 500) throw new Error("loop history still behind");
    await sleep(20);
  }
}

/** The fields both sides carry, in loops.list's form. */
const viewOfRow = (l: LoopRow) => ({
  id: l.id,
  type: l.type,
  entity: `${l.entity_type}:${l.entity_id}`,
  due_at: l.due_at,
  severity: l.severity,
  status: l.status,
  opened_by: l.opened_by_event_id,
  closed_by: l.closed_by_event_id,
  close_note: l.close_note,
  snoozed_until: l.snoozed_until,
  reopened_by: l.reopened_by_event_id,
  created_at: l.created_at,
});
const viewOfLoop = (l: Loop) => ({
  id: l.id,
  type: l.type,
  entity: `${l.entity_type}:${l.entity_id}`,
  due_at: normalizeIso(l.due_at),
  severity: l.severity,
  status: l.status,
  opened_by: l.opened_by_event_id,
  closed_by: l.closed_by_event_id,
  close_note: l.reason ?? l.note,
  snoozed_until: l.snoozed_until === null ? null : normalizeIso(l.snoozed_until),
  reopened_by: l.reopened_by_event_id,
  created_at: normalizeIso(l.opened_at),
});
type View = ReturnType<typeof viewOfLoop>;
const byDue = (a: View, b: View) => (a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

type Api = ReturnType<typeof apiCaller>;

async function allPages<T>(page: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const p = await page(cursor);
    out.push(...p.items);
    if (p.nextCursor === null) return out;
    cursor = p.nextCursor;
  }
  throw new Error("too many pages");
}

/** The union over the org's entities of what entities.asOf gives at `asOf` on `basis` (through the API). */
async function unionOfAsOf(api: Api, refs: { type: LoggedEvent["primary_entity"]["type"]; id: string }[], asOf: Date, basis: TimeBasis) {
  const loops: Loop[] = [];
  for (const r of refs) loops.push(...(await api.entities.asOf({ ...r, asOf: asOf.toISOString(), basis })).loops);
  return loops;
}

async function checkMoment(api: Api, refs: Parameters<typeof unionOfAsOf>[1], asOf: Date, basis: TimeBasis, limit: number) {
  const want = (await unionOfAsOf(api, refs, asOf, basis)).map((l) => ({ loop: l, view: viewOfLoop(l) }));
  const at = asOf.toISOString();
  const snoozedAt = (v: View) => v.status === "active" && v.snoozed_until !== null && Date.parse(v.snoozed_until) > asOf.getTime();
  for (const status of LOOP_STATUSES) {
    const got = await allPages((cursor) => api.loops.list({ asOf: at, basis, status, snoozed: "include", cursor, limit }));
    expect(got.map(viewOfRow)).toEqual(want.map((w) => w.view).filter((v) => v.status === status).sort(byDue));
  }
  // The live list's default filters: active, snoozed ones left out; and by severity, by type.
  const active = want.map((w) => w.view).filter((v) => v.status === "active").sort(byDue);
  const notSnoozed = active.filter((v) => !snoozedAt(v));
  expect((await allPages((cursor) => api.loops.list({ asOf: at, basis, cursor, limit }))).map(viewOfRow)).toEqual(notSnoozed);
  expect((await allPages((cursor) => api.loops.list({ asOf: at, basis, snoozed: "only", cursor, limit }))).map(viewOfRow)).toEqual(
    active.filter(snoozedAt),
  );
  expect((await allPages((cursor) => api.loops.list({ asOf: at, basis, severity: "high", cursor, limit }))).map(viewOfRow)).toEqual(
    notSnoozed.filter((v) => v.severity === "high"),
  );
  expect((await allPages((cursor) => api.loops.list({ asOf: at, basis, type: "invoice_overdue", cursor, limit }))).map(viewOfRow)).toEqual(
    notSnoozed.filter((v) => v.type === "invoice_overdue"),
  );
  const summary = await api.loops.summary({ asOf: at, basis });
  expect(summary.total).toBe(notSnoozed.length);
  expect(summary.snoozed).toBe(active.length - notSnoozed.length);
  expect(summary.bySeverity.high).toBe(notSnoozed.filter((v) => v.severity === "high").length);
  return want.map((w) => w.loop);
}

const sortKey = (c: { changed_at: string; loop: { entity_type: string; entity_id: string } }, seq: number) =>
  `${c.changed_at}|${c.loop.entity_type}|${c.loop.entity_id}|${String(seq).padStart(6, "0")}`;

/** loops.changes between two moments == each entity's diff of consecutive fold points, merged by time; and it carries `from` to `to`. */
async function checkChanges(api: Api, events: LoggedEvent[], from: Date, to: Date, basis: TimeBasis, atFrom: Loop[], atTo: Loop[], limit: number) {
  const got = await allPages((cursor) => api.loops.changes({ from: from.toISOString(), to: to.toISOString(), basis, cursor, limit }));
  const own = new Map<string, LoggedEvent[]>();
  for (const e of events) own.set(entityKey(refOf(e)), [...(own.get(entityKey(refOf(e))) ?? []), e]);
  const want = [...own.values()]
    .flatMap((es) => loopChangesBetween(es, from.getTime(), to.getTime(), basis).map((c, i) => ({ c, key: sortKey(c, i) })))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map(({ c }) => ({ kind: c.kind, changed_at: c.changed_at, caused_by_event_id: c.caused_by_event_id, loop: viewOfLoop(c.loop) }));
  expect(got.map((c) => ({ kind: c.kind, changed_at: c.changed_at, caused_by_event_id: c.caused_by_event_id, loop: viewOfRow(c.loop) }))).toEqual(want);
  for (const c of got) expect(Date.parse(c.changed_at) > from.getTime() && Date.parse(c.changed_at) <= to.getTime()).toBe(true);
  // Independently of how they are made: the loops at `from`, changed as the changes say, are the active loops at `to`.
  const state = new Map(atFrom.map((l) => [l.id, { status: l.status as string, snoozed: l.snoozed_until !== null }]));
  for (const c of got) state.set(c.loop.id, { status: c.loop.status, snoozed: c.loop.snoozed_until !== null });
  const activeIds = (m: Iterable<[string, { status: string; snoozed: boolean }]>) =>
    [...m].filter(([, v]) => v.status === "active").map(([id, v]) => `${id}:${v.snoozed}`).sort();
  expect(activeIds(state)).toEqual(activeIds(atTo.map((l) => [l.id, { status: l.status, snoozed: l.snoozed_until !== null }])));
  return got.length;
}

let changesSeen = 0;

describe("the org-wide time machine == the union of entities.asOf (property-based, differential)", () => {
  it("random org histories appended for real; random moments on both bases; loops.changes; after a rebuild", async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.array(fc.nat(), { minLength: 3, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        async ({ steps }, picks, limit) => {
          const org = await newOrg(db.pool);
          const api = apiCaller(db.pool, org, clock);
          const recordedMoments: number[] = [];
          for (const { inputs } of freshInputs(buildLog(steps, T0))) {
            await appendEvents(db.pool, { orgId: org.orgId }, inputs);
            recordedMoments.push(Date.now());
            // Sometimes the history follows batch by batch (entities rewritten as late events arrive).
            if (picks[0]! % 2 === 0) await historyCaughtUp();
          }
          await historyCaughtUp();
          const events = await loggedEvents(db.pool, org.orgId);
          const refs = [...new Map(events.map((e) => [entityKey(refOf(e)), e.primary_entity])).values()];
          const candidates = [
            ...events.flatMap((e) => [e.occurred_at, e.created_at, (e.payload as { due_at?: unknown }).due_at].filter((v): v is string => typeof v === "string")),
          ].flatMap((iso) => [Date.parse(iso) - 1, Date.parse(iso), Date.parse(iso) + 1]);
          candidates.push(...recordedMoments, T0 - HOUR);
          const moments = [...new Set(picks.map((p) => candidates[p % candidates.length]!))].sort((a, b) => a - b);
          for (const basis of BASES) {
            let prev: { at: Date; loops: Loop[] } | null = null;
            for (const t of moments) {
              const at = new Date(t);
              const loops = await checkMoment(api, refs, at, basis, limit);
              if (prev) changesSeen += await checkChanges(api, events, prev.at, at, basis, prev.loops, loops, limit + 2);
              prev = { at, loops };
            }
          }
          // A rebuild of the history ends with the same answers.
          await rebuildLoopHistory(db.pool);
          for (const basis of BASES) await checkMoment(api, refs, new Date(moments.at(-1)!), basis, 50);
        },
      ),
      // No shrinking: each try appends a whole history; the first counterexample is reported as found.
      { numRuns: 25, endOnFailure: true },
    );
    expect(changesSeen).toBeGreaterThan(0);
  }, 300_000);
});
