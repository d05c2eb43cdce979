// Does monthly time partitioning of the log help? Two copies of the same log built the same way
// (INSERT … SELECT in log order): one plain, one partitioned by month of created_at (record time,
// what retention would drop by). The read paths and a write are timed on both, then both dropped.
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { quantile } from "../stats";
import { type Plan, explain } from "./plans";

const COLS = "id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, created_at, position, tx_id, entity_version";

/** Unique keys of a partitioned table must hold the partition key: id alone is no longer unique across months. */
const PARTITIONED_DDL = (months: string[]) => [
  `CREATE TABLE bench_part_events (LIKE system_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (created_at)`,
  ...months.map((m, i) => `CREATE TABLE bench_part_events_${i} PARTITION OF bench_part_events FOR VALUES FROM ('${m}') TO ('${months[i + 1] ?? "infinity"}')`),
  `CREATE TABLE bench_part_events_old PARTITION OF bench_part_events FOR VALUES FROM ('-infinity') TO ('${months[0]}')`,
];
const INDEXES = (t: string, partitioned: boolean) => [
  partitioned ? `ALTER TABLE ${t} ADD PRIMARY KEY (id, created_at)` : `ALTER TABLE ${t} ADD PRIMARY KEY (id)`,
  `CREATE ${partitioned ? "" : "UNIQUE "}INDEX ON ${t} (position)`,
  `CREATE UNIQUE INDEX ON ${t} (org_id, primary_entity_type, primary_entity_id, entity_version${partitioned ? ", created_at" : ""})`,
  `CREATE INDEX ON ${t} (org_id, occurred_at DESC)`,
  `CREATE INDEX ON ${t} (primary_entity_type, primary_entity_id, occurred_at DESC)`,
  `CREATE INDEX ON ${t} (event_type, org_id)`,
  `CREATE INDEX ON ${t} USING brin (created_at)`,
  `CREATE INDEX ON ${t} (tx_id, position)`,
  `CREATE INDEX ON ${t} (org_id, position DESC)`,
];

export type PartitionQuery = { key: string; label: string; flat: number; part: number; flatPlan: Plan; partPlan: Plan };
export type PartitionExperiment = {
  events: number;
  partitions: number;
  flatBytesPerEvent: number;
  partBytesPerEvent: number;
  buildSeconds: { flat: number; part: number };
  queries: PartitionQuery[];
  insertUsPerEvent: { flat: number; part: number };
};

export async function partitionExperiment(
  pool: pg.Pool,
  ctx: { orgId: string; deal1000: string; deal10000: string; end: string; samples: number; log: (s: string) => void },
): Promise<PartitionExperiment> {
  const { log } = ctx;
  await pool.query("DROP TABLE IF EXISTS bench_flat_events, bench_part_events CASCADE");
  const range = (await pool.query<{ lo: Date; hi: Date }>("SELECT min(created_at) AS lo, max(created_at) AS hi FROM system_events")).rows[0]!;
  const months: string[] = [];
  for (let d = new Date(Date.UTC(range.lo.getUTCFullYear(), range.lo.getUTCMonth(), 1)); d <= range.hi; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    months.push(d.toISOString().slice(0, 10));
  }
  try {
    log(`  plain copy of the log (INSERT … SELECT in log order, then its 9 indexes)…`);
    let t = performance.now();
    await pool.query(`CREATE TABLE bench_flat_events (LIKE system_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await pool.query(`INSERT INTO bench_flat_events (${COLS}) SELECT ${COLS} FROM system_events ORDER BY position`);
    for (const s of INDEXES("bench_flat_events", false)) await pool.query(s);
    const flatSeconds = (performance.now() - t) / 1000;
    log(`  partitioned copy, ${months.length} monthly partitions…`);
    t = performance.now();
    for (const s of PARTITIONED_DDL(months)) await pool.query(s);
    await pool.query(`INSERT INTO bench_part_events (${COLS}) SELECT ${COLS} FROM system_events ORDER BY position`);
    for (const s of INDEXES("bench_part_events", true)) await pool.query(s);
    const partSeconds = (performance.now() - t) / 1000;
    await pool.query("VACUUM (ANALYZE) bench_flat_events");
    await pool.query("VACUUM (ANALYZE) bench_part_events");

    const bytes = async (t: string) =>
      (await pool.query<{ b: number }>(
        `SELECT sum(pg_total_relation_size(c.oid))::bigint AS b FROM pg_class c WHERE c.oid = '${t}'::regclass OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = '${t}'::regclass)`,
      )).rows[0]!.b;
    const events = (await pool.query<{ n: number }>("SELECT count(*)::bigint AS n FROM bench_flat_events")).rows[0]!.n;
    const anId = (await pool.query<{ id: string }>("SELECT id FROM system_events WHERE org_id = $1 ORDER BY position DESC LIMIT 1", [ctx.orgId])).rows[0]!.id;

    const cols = "id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, created_at, position, entity_version";
    const qs: { key: string; label: string; sql: (t: string) => string; values: unknown[] }[] = [
      { key: "timeline", label: "timeline first page, 10,000-event deal", sql: (t) => `SELECT ${cols} FROM ${t} WHERE org_id = $1 AND primary_entity_type = 'deal' AND primary_entity_id = $2 AND entity_version < 2147483647 ORDER BY entity_version DESC LIMIT 51`, values: [ctx.orgId, ctx.deal10000] },
      { key: "asOf", label: "asOf read, 1,000-event deal (all its events)", sql: (t) => `SELECT ${cols} FROM ${t} WHERE org_id = $1 AND primary_entity_type = 'deal' AND primary_entity_id = $2 ORDER BY entity_version`, values: [ctx.orgId, ctx.deal1000] },
      { key: "last7", label: "last 7 days count (occurred_at only)", sql: (t) => `SELECT count(*) FROM ${t} WHERE org_id = $1 AND occurred_at > $2::timestamptz - interval '7 days' AND occurred_at <= $2::timestamptz`, values: [ctx.orgId, ctx.end] },
      { key: "last7pruned", label: "last 7 days count, + created_at bound (prunes)", sql: (t) => `SELECT count(*) FROM ${t} WHERE org_id = $1 AND occurred_at > $2::timestamptz - interval '7 days' AND occurred_at <= $2::timestamptz AND created_at > $2::timestamptz - interval '7 days'`, values: [ctx.orgId, ctx.end] },
      { key: "feed", label: "activity feed first page", sql: (t) => `SELECT ${cols} FROM ${t} WHERE org_id = $1 AND position < 9007199254740991 ORDER BY position DESC LIMIT 51`, values: [ctx.orgId] },
      { key: "byId", label: "event by id (the append's idempotency probe)", sql: (t) => `SELECT id FROM ${t} WHERE id = $1`, values: [anId] },
      { key: "subscription", label: "subscription batch: 5,000 after a checkpoint mid-log", sql: (t) => `SELECT ${cols} FROM ${t} WHERE (tx_id, position) > ((SELECT tx_id FROM ${t} WHERE position >= (SELECT max(position) / 2 FROM ${t}) ORDER BY position LIMIT 1), 0) ORDER BY tx_id, position LIMIT 5000`, values: [] },
    ];
    const time = async (sql: string, values: unknown[]) => {
      for (let i = 0; i < 10; i++) await pool.query(sql, values);
      const xs: number[] = [];
      for (let i = 0; i < ctx.samples; i++) {
        const t0 = performance.now();
        await pool.query(sql, values);
        xs.push(performance.now() - t0);
      }
      return quantile(xs, 0.95);
    };
    const queries: PartitionQuery[] = [];
    for (const q of qs) {
      const flat = await time(q.sql("bench_flat_events"), q.values);
      const part = await time(q.sql("bench_part_events"), q.values);
      queries.push({
        key: q.key, label: q.label, flat, part,
        flatPlan: await explain(pool, { text: q.sql("bench_flat_events"), values: q.values }),
        partPlan: await explain(pool, { text: q.sql("bench_part_events"), values: q.values }),
      });
      log(`  ${q.label}: p95 ${flat.toFixed(2)} ms plain, ${part.toFixed(2)} ms partitioned`);
    }
    const insertCost = async (t: string) => {
      const c = await pool.connect();
      try {
        const xs: number[] = [];
        for (let r = 0; r < 5; r++) {
          await c.query("BEGIN");
          const rows = 500;
          const t0 = performance.now();
          for (let s = 0; s < 10; s++) {
            await c.query(
              `INSERT INTO ${t} (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, created_at, position, entity_version)
               SELECT id, $2, 'note_added', $3::timestamptz, $2, 'system', gen_random_uuid(), 'deal', '{"text":"x"}', $3::timestamptz, nextval('system_events_position_seq'), 1
                 FROM unnest($1::uuid[]) AS x(id)`,
              [Array.from({ length: rows }, () => randomUUID()), ctx.orgId, ctx.end],
            );
          }
          xs.push(((performance.now() - t0) * 1000) / (rows * 10));
          await c.query("ROLLBACK");
        }
        return quantile(xs, 0.5);
      } finally {
        c.release();
      }
    };
    return {
      events,
      partitions: months.length + 1,
      flatBytesPerEvent: (await bytes("bench_flat_events")) / events,
      partBytesPerEvent: (await bytes("bench_part_events")) / events,
      buildSeconds: { flat: flatSeconds, part: partSeconds },
      queries,
      insertUsPerEvent: { flat: await insertCost("bench_flat_events"), part: await insertCost("bench_part_events") },
    };
  } finally {
    await pool.query("DROP TABLE IF EXISTS bench_flat_events, bench_part_events CASCADE");
  }
}

export type PgliteFacts = { version: string; partitioning: boolean; pruning: boolean; brin: boolean; xid8: boolean; workers: number; parallel: number; extensions: string[] };

/** What the embedded Postgres (PGlite, `npm start` without DATABASE_URL) can do of the above, asked of it directly. */
export async function pgliteFacts(): Promise<PgliteFacts> {
  const db = new PGlite();
  const ok = async (sql: string) => db.exec(sql).then(() => true, () => false);
  try {
    const version = (await db.query<{ v: string }>("SELECT version() AS v")).rows[0]!.v.replace(/ on wasm.*$/, "");
    const partitioning =
      (await ok("CREATE TABLE p (id uuid, created_at timestamptz NOT NULL, tx xid8 DEFAULT pg_current_xact_id(), PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at)")) &&
      (await ok("CREATE TABLE p_1 PARTITION OF p FOR VALUES FROM ('2026-01-01') TO ('2026-02-01'); CREATE TABLE p_2 PARTITION OF p FOR VALUES FROM ('2026-02-01') TO ('2026-03-01')"));
    await ok("INSERT INTO p (id, created_at) SELECT gen_random_uuid(), '2026-01-01'::timestamptz + g * interval '1 minute' FROM generate_series(1, 50000) g");
    const plan = partitioning ? (await db.query<{ "QUERY PLAN": string }>("EXPLAIN SELECT count(*) FROM p WHERE created_at >= '2026-02-01'")).rows.map((r) => r["QUERY PLAN"]).join("\n") : "";
    const ext = await db.query<{ name: string }>("SELECT name FROM pg_available_extensions WHERE name IN ('pg_partman', 'pg_cron', 'citus', 'pg_stat_statements') ORDER BY 1");
    return {
      version,
      partitioning,
      pruning: partitioning && !plan.includes("p_1"),
      brin: await ok("CREATE INDEX ON p USING brin (created_at)"),
      xid8: await ok("SELECT pg_snapshot_xmin(pg_current_snapshot())"),
      workers: Number((await db.query<{ v: string }>("SELECT current_setting('max_worker_processes') AS v")).rows[0]!.v),
      parallel: Number((await db.query<{ v: string }>("SELECT current_setting('max_parallel_workers_per_gather') AS v")).rows[0]!.v),
      extensions: ext.rows.map((r) => r.name),
    };
  } finally {
    await db.close();
  }
}
