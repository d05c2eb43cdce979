import type pg from "pg";
import type { RecordedQuery } from "./callers";

export type Plan = {
  sql: string;
  text: string;
  executionMs: number;
  /** Buffers of the whole plan (its top node): shared hits and reads (8 KiB pages). */
  hit: number;
  read: number;
  indexes: string[];
  seqScans: string[];
};

/** EXPLAIN (ANALYZE, BUFFERS) of a query exactly as a procedure sent it, parameters bound. */
export async function explain(pool: pg.Pool, q: RecordedQuery): Promise<Plan> {
  const res = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
  const text = res.rows.map((r) => r["QUERY PLAN"]).join("\n");
  const top = /Buffers: shared( hit=(\d+))?( read=(\d+))?/.exec(text);
  return {
    sql: q.text.replace(/\s+/g, " ").trim(),
    text,
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN),
    hit: Number(top?.[2] ?? 0),
    read: Number(top?.[4] ?? 0),
    indexes: [...new Set([...text.matchAll(/(?:Index(?: Only)? Scan(?: Backward)?|Bitmap Index Scan) (?:using|on) (\w+)/g)].map((m) => m[1]!))],
    seqScans: [...new Set([...text.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]!))],
  };
}

/** Partitions' copies of one index (bench_part_events_3_pkey…) counted as one name. */
function grouped(names: string[]): string[] {
  const counts = new Map<string, number>();
  for (const n of names) {
    const k = n.replace(/^(\w+?_events)_(\d+|old)_/, "$1_*_");
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} (×${n})` : k));
}

/** A plan in one line for the report: the indexes it walks, its buffers and time. */
export const planLine = (p: Plan) =>
  `${p.indexes.length ? grouped(p.indexes).join(" + ") : "no index"}${p.seqScans.length ? `, seq scan of ${grouped(p.seqScans).join(", ")}` : ""}; ` +
  `${p.hit + p.read} buffers (${p.read} read), ${p.executionMs.toFixed(2)} ms`;
