// The append workloads of bench:peers, each on three sides: ours (the tRPC caller in-process),
// Emmett 0.42's PostgreSQL event store (its appendToStream), and a raw INSERT into our table.
import type { PostgresEventStore } from "@event-driven-io/emmett-postgresql";
import type pg from "pg";
import type { SystemEventInput } from "../../../src/domain/events";
import { callerFor } from "../scale/callers";
import { forDuration, quantile } from "../stats";
import { asEmmett, lead, newId, note } from "./events";

export type Side = "ours" | "emmett" | "raw";
export type Run = { perSec: number; p50: number; p99: number };
export type Workload = {
  key: string;
  label: string;
  lanes: number;
  /** One operation; returns how many events it appended. Absent: the side has no such operation. */
  ops: Partial<Record<Side, () => Promise<number>>>;
};

/** One stretch of a workload on one side: what it appended, in how long, each call's latency. */
export type Slice = { events: number; seconds: number; lat: number[] };

export async function slice(seconds: number, lanes: number, op: () => Promise<number>): Promise<Slice> {
  const lat: number[] = [];
  let events = 0;
  const elapsed = await forDuration(seconds * 1000, lanes, async () => {
    const t = performance.now();
    // Not `events += await op()`: that reads `events` before the await and loses the other lanes' counts.
    const n = await op();
    events += n;
    lat.push(performance.now() - t);
  });
  return { events, seconds: elapsed, lat };
}

/** A side's slices of one round as one figure: events over time, latencies pooled. */
export function runOf(slices: Slice[]): Run {
  const lat = slices.flatMap((s) => s.lat);
  const seconds = slices.reduce((t, s) => t + s.seconds, 0);
  return { perSec: slices.reduce((t, s) => t + s.events, 0) / seconds, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99) };
}

export const measure = async (seconds: number, lanes: number, op: () => Promise<number>): Promise<Run> => runOf([await slice(seconds, lanes, op)]);

const RAW_COLS = "id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, entity_version";

/** The floor under an append: the same rows as one INSERT (unnest of arrays: one statement, any size). */
async function rawInsert(pool: pg.Pool, orgId: string, events: SystemEventInput[], firstVersion: (e: SystemEventInput, i: number) => number) {
  await pool.query(
    `INSERT INTO system_events (${RAW_COLS})
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::uuid[], $6::text[], $7::uuid[], $8::text[], $9::jsonb[], $10::int[])`,
    [
      events.map((e) => e.id), events.map(() => orgId), events.map((e) => e.event_type), events.map((e) => e.occurred_at),
      events.map((e) => e.actor!.id), events.map((e) => e.actor!.type), events.map((e) => e.primary_entity.id),
      events.map((e) => e.primary_entity.type), events.map((e) => JSON.stringify(e.payload)), events.map(firstVersion),
    ],
  );
  return events.length;
}

export function workloads(opts: { ours: pg.Pool; emmett: PostgresEventStore; orgId: string; writers: number; batch: number }): Workload[] {
  const api = callerFor(opts.ours, opts.orgId);
  const { ours, emmett, orgId, batch } = opts;
  // One stream each side for the expected-version workload; the version each side expects next.
  const one = { ours: newId(), oursV: 0, emmett: `deal-${newId()}`, emmettV: 0n, raw: newId(), rawV: 0 };
  const orgIds = Array.from({ length: opts.writers }, () => newId());
  const orgApis = orgIds.map((id) => callerFor(ours, id));
  let lane = 0;
  return [
    {
      key: "single16",
      label: `single-event appends, ${opts.writers} writers, each event a new stream`,
      lanes: opts.writers,
      ops: {
        ours: async () => (await api.events.append(lead(newId())), 1),
        emmett: async () => {
          const e = lead(newId());
          await emmett.appendToStream(`deal-${e.primary_entity.id}`, [asEmmett(e)]);
          return 1;
        },
        raw: () => rawInsert(ours, orgId, [lead(newId())], () => 1),
      },
    },
    {
      // The same, the writers spread over 16 orgs: group commit runs per org (at most two calls of
      // one org in the database at once), so this shows the append path without that bound.
      key: "single16orgs",
      label: `single-event appends, ${opts.writers} writers over ${opts.writers} orgs, each event a new stream`,
      lanes: opts.writers,
      ops: {
        ours: async () => (await orgApis[lane++ % orgApis.length]!.events.append(lead(newId())), 1),
        emmett: async () => {
          const e = lead(newId());
          await emmett.appendToStream(`deal-${e.primary_entity.id}`, [asEmmett(e)]);
          return 1;
        },
        raw: () => rawInsert(ours, orgIds[lane++ % orgIds.length]!, [lead(newId())], () => 1),
      },
    },
    {
      key: "expected",
      label: "one stream, appends with an expected version, 1 writer",
      lanes: 1,
      ops: {
        ours: async () => {
          await api.events.append({ ...note(one.ours), expectedVersion: one.oursV });
          one.oursV++;
          return 1;
        },
        emmett: async () => {
          await emmett.appendToStream(one.emmett, [asEmmett(note(newId()))], { expectedStreamVersion: one.emmettV });
          one.emmettV++;
          return 1;
        },
        raw: () => rawInsert(ours, orgId, [note(one.raw)], () => ++one.rawV),
      },
    },
    {
      key: "batchOne",
      label: `${batch}-event batches to one entity (a new one each batch), 1 writer`,
      lanes: 1,
      ops: {
        ours: async () => {
          const deal = newId();
          return (await api.events.appendBatch({ events: Array.from({ length: batch }, (_, i) => (i === 0 ? lead(deal) : note(deal))) })).appended;
        },
        emmett: async () => {
          const deal = newId();
          await emmett.appendToStream(`deal-${deal}`, Array.from({ length: batch }, (_, i) => asEmmett(i === 0 ? lead(deal) : note(deal))));
          return batch;
        },
        raw: () => {
          const deal = newId();
          return rawInsert(ours, orgId, Array.from({ length: batch }, (_, i) => (i === 0 ? lead(deal) : note(deal))), (_e, i) => i + 1);
        },
      },
    },
    {
      key: "batchMany",
      label: `${batch} events over ${batch} entities in one atomic batch, 1 writer`,
      lanes: 1,
      ops: {
        ours: async () => (await api.events.appendBatch({ events: Array.from({ length: batch }, () => lead(newId())) })).appended,
        // Emmett appends to one stream per call: no atomic append across streams to compare with.
        raw: () => rawInsert(ours, orgId, Array.from({ length: batch }, () => lead(newId())), () => 1),
      },
    },
  ];
}
