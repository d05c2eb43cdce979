// What each index of system_events costs a write, on the big log itself: the same 500-row
// INSERTs timed with every index, and with one index dropped — inside a transaction that is rolled
// back, so the index is back at once (DDL is transactional) and nothing is rebuilt or kept.
import { randomUUID } from "node:crypto";
import type pg from "pg";

export type IndexCost = {
  /** null: every index present (the baseline). */
  dropped: string | null;
  /** The least over rounds: on a shared machine other work only ever adds time (and full-page images add WAL). */
  usPerEvent: number;
  walBytesPerEvent: number;
};

const INSERT = `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type, payload, entity_version)
  SELECT id, $2, 'lead_created', occ, '0190b000-0000-7000-8000-0000000000d1', 'system', ent, 'deal', jsonb_build_object('name', 'Lead ' || i, 'source', 'website'), 1
    FROM unnest($1::uuid[], $3::uuid[], $4::timestamptz[]) WITH ORDINALITY AS x(id, ent, occ, i)`;

async function dropSql(c: pg.PoolClient, name: string): Promise<string> {
  const r = await c.query<{ conname: string | null }>(
    "SELECT conname FROM pg_constraint WHERE conindid = $1::regclass AND conrelid = 'system_events'::regclass",
    [name],
  );
  const con = r.rows[0]?.conname;
  return con ? `ALTER TABLE system_events DROP CONSTRAINT "${con}"` : `DROP INDEX "${name}"`;
}

async function variant(pool: pg.Pool, orgId: string, end: Date, dropped: string | null, statements: number, rows: number) {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    if (dropped) await c.query(await dropSql(c, dropped));
    const batches = Array.from({ length: statements }, (_, s) => [
      Array.from({ length: rows }, () => randomUUID()),
      orgId,
      Array.from({ length: rows }, () => randomUUID()),
      Array.from({ length: rows }, (_, i) => new Date(end.getTime() - (s * rows + i) * 1000).toISOString()),
    ]);
    const lsn0 = (await c.query<{ l: string }>("SELECT pg_current_wal_insert_lsn()::text AS l")).rows[0]!.l;
    const t = performance.now();
    for (const b of batches) await c.query(INSERT, b);
    const ms = performance.now() - t;
    const wal = (await c.query<{ b: number }>("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::bigint AS b", [lsn0])).rows[0]!.b;
    return { usPerEvent: (ms * 1000) / (statements * rows), walBytesPerEvent: wal / (statements * rows) };
  } finally {
    await c.query("ROLLBACK").catch(() => undefined);
    c.release();
  }
}

const least = (xs: number[]) => Math.min(...xs);

/** Every index's marginal cost per inserted event (time and WAL), rounds interleaved; VACUUM afterwards. */
export async function measureIndexCosts(
  pool: pg.Pool,
  orgId: string,
  end: Date,
  opts: { rounds: number; statements: number; rows: number; log: (s: string) => void },
): Promise<IndexCost[]> {
  const names = (await pool.query<{ n: string }>("SELECT indexrelid::regclass::text AS n FROM pg_index WHERE indrelid = 'system_events'::regclass ORDER BY 1")).rows.map((r) => r.n);
  const variants: (string | null)[] = [null, ...names];
  const samples = new Map<string | null, { us: number[]; wal: number[] }>(variants.map((v) => [v, { us: [], wal: [] }]));
  await variant(pool, orgId, end, null, 4, opts.rows); // warm-up
  for (let r = 0; r < opts.rounds; r++) {
    for (const v of r % 2 === 0 ? variants : [...variants].reverse()) {
      const x = await variant(pool, orgId, end, v, opts.statements, opts.rows);
      samples.get(v)!.us.push(x.usPerEvent);
      samples.get(v)!.wal.push(x.walBytesPerEvent);
    }
    opts.log(`  round ${r + 1}/${opts.rounds}: all indexes ${samples.get(null)!.us.at(-1)!.toFixed(1)} µs/event`);
  }
  await pool.query("VACUUM system_events");
  return variants.map((v) => ({ dropped: v, usPerEvent: least(samples.get(v)!.us), walBytesPerEvent: least(samples.get(v)!.wal) }));
}

export type IndexEarning = {
  /** null: every index present. */
  dropped: string | null;
  /** Per read probe: the least wall time of its recorded queries, run in turn (ms); capped by the statement timeout. */
  reads: Record<string, number>;
};

/**
 * What each index earns the reads: every read probe's own SQL (as its procedure sent it) timed
 * with every index, then with each index dropped in a rolled-back transaction. A read that needs
 * the index falls back to another plan (often a scan of the org's or the whole log's rows);
 * `timeoutMs` caps what such a fallback may cost this bench.
 */
export async function measureIndexEarnings(
  pool: pg.Pool,
  probes: { key: string; queries: { text: string; values: unknown[] }[] }[],
  opts: { reps: number; timeoutMs: number; log: (s: string) => void },
): Promise<IndexEarning[]> {
  const names = (await pool.query<{ n: string }>("SELECT indexrelid::regclass::text AS n FROM pg_index WHERE indrelid = 'system_events'::regclass ORDER BY 1")).rows.map((r) => r.n);
  const out: IndexEarning[] = [];
  for (const dropped of [null, ...names]) {
    const c = await pool.connect();
    const reads: Record<string, number> = {};
    try {
      await c.query("BEGIN");
      if (dropped) await c.query(await dropSql(c, dropped));
      await c.query(`SET LOCAL statement_timeout = ${Math.round(opts.timeoutMs)}`);
      for (const p of probes) {
        if (p.queries.length === 0) continue;
        let best = Number.POSITIVE_INFINITY;
        // Once a run hits the timeout, one is enough.
        for (let i = 0; i < opts.reps && best !== opts.timeoutMs; i++) {
          await c.query("SAVEPOINT probe");
          const t = performance.now();
          try {
            for (const q of p.queries) await c.query(q.text, q.values);
            best = Math.min(best, performance.now() - t);
            await c.query("RELEASE SAVEPOINT probe");
          } catch {
            best = opts.timeoutMs; // cancelled by the statement timeout
            await c.query("ROLLBACK TO SAVEPOINT probe");
          }
        }
        reads[p.key] = best;
      }
    } finally {
      await c.query("ROLLBACK").catch(() => undefined);
      c.release();
    }
    out.push({ dropped, reads });
    if (dropped) {
      const slower = Object.entries(reads).filter(([k, v]) => v > 2 * (out[0]!.reads[k] ?? 0) + 1).map(([k]) => k);
      opts.log(`  without ${dropped}: ${slower.length ? `slower: ${slower.join(", ")}` : "no read slower"}`);
    }
  }
  return out;
}
