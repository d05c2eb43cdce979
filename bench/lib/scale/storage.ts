import type pg from "pg";

export type IndexSize = { name: string; bytes: number; perEvent: number; definition: string };
export type Storage = {
  events: number;
  heapBytes: number;
  toastBytes: number;
  /** Free-space and visibility maps. */
  mapBytes: number;
  indexes: IndexSize[];
  totalBytes: number;
  perEvent: number;
  projection: { entities: number; loops: number; entitiesBytes: number; loopsBytes: number };
};

/** Bytes per event of system_events: heap, TOAST (with its index), the maps, every index. */
export async function measureStorage(pool: pg.Pool): Promise<Storage> {
  const events = (await pool.query<{ n: number }>("SELECT count(*)::bigint AS n FROM system_events")).rows[0]!.n;
  const t = (
    await pool.query<{ heap: number; toast: number; total: number; maps: number }>(
      `SELECT pg_relation_size(c.oid)::bigint AS heap,
              COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0)::bigint AS toast,
              pg_total_relation_size(c.oid)::bigint AS total,
              (pg_relation_size(c.oid, 'fsm') + pg_relation_size(c.oid, 'vm'))::bigint AS maps
         FROM pg_class c WHERE c.oid = 'system_events'::regclass`,
    )
  ).rows[0]!;
  const idx = await pool.query<{ name: string; bytes: number; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_relation_size(i.indexrelid)::bigint AS bytes, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i WHERE i.indrelid = 'system_events'::regclass ORDER BY 2 DESC`,
  );
  const proj = (
    await pool.query<{ e: number; l: number; eb: number; lb: number }>(
      `SELECT (SELECT count(*) FROM entities)::bigint AS e, (SELECT count(*) FROM open_loops)::bigint AS l,
              pg_total_relation_size('entities')::bigint AS eb, pg_total_relation_size('open_loops')::bigint AS lb`,
    )
  ).rows[0]!;
  return {
    events,
    heapBytes: t.heap,
    toastBytes: t.toast,
    mapBytes: t.maps,
    indexes: idx.rows.map((r) => ({ name: r.name, bytes: r.bytes, perEvent: r.bytes / events, definition: r.def.replace(/ ON public\.system_events USING/, " USING") })),
    totalBytes: t.total,
    perEvent: t.total / events,
    projection: { entities: proj.e, loops: proj.l, entitiesBytes: proj.eb, loopsBytes: proj.lb },
  };
}

/** Index scans per index of system_events (cumulative statistics), to diff around a workload. */
export async function indexScans(pool: pg.Pool): Promise<Map<string, number>> {
  // Statistics reach the shared counters about once a second after a backend's transaction.
  await new Promise((r) => setTimeout(r, 1200));
  const r = await pool.query<{ name: string; scans: number }>(
    "SELECT indexrelname AS name, idx_scan::bigint AS scans FROM pg_stat_user_indexes WHERE relname = 'system_events'",
  );
  return new Map(r.rows.map((x) => [x.name, x.scans]));
}
