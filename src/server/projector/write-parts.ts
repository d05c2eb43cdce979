import type pg from "pg";

/**
 * One part of a batch's writes: its SQL with `$?` where its one parameter goes (null: it takes
 * none, e.g. a part computed from the other parts' RETURNING); `counted`: how many rows it changed
 * is returned; `returning`: what its RETURNING gives the parts after it (by its name), if not just
 * a row per change.
 */
export type WritePart = { name: string; sql: string; param: string | null; counted: boolean; returning?: string };

/**
 * Every part in one statement (data-modifying WITH clauses: each runs once, to completion, on the
 * statement's snapshot; the parts touch disjoint rows). One statement per batch rather than one
 * per part and chunk: between two statements the connection waits for this process's event loop,
 * busy preparing the next batch, and it was idle half of the time (bench:projector catch-up).
 * Returns each counted part's row count.
 */
export async function runParts(client: pg.PoolClient, parts: WritePart[]): Promise<Record<string, number>> {
  if (parts.length === 0) return {};
  const params: string[] = [];
  const withs = parts.map((p) => {
    const sql = p.param === null ? p.sql : p.sql.replaceAll("$?", `$${params.push(p.param)}`);
    const returning = p.returning ?? (p.counted ? "1" : null);
    return `${p.name} AS (${sql}${returning === null ? "" : ` RETURNING ${returning}`})`;
  });
  const counts = parts.filter((p) => p.counted).map((p) => `(SELECT count(*)::int FROM ${p.name}) AS ${p.name}`);
  const res = await client.query<Record<string, number>>(
    `WITH ${withs.join(",\n     ")}\nSELECT ${counts.length > 0 ? counts.join(", ") : "1 AS none"}`,
    params,
  );
  return res.rows[0] ?? {};
}

/** JSON array documents (one per chunk of a batch) as one: their elements, in order. */
export function joinArrays(docs: (string | null)[]): string | null {
  const some = docs.filter((d): d is string => d !== null && d.length > 2);
  if (some.length <= 1) return some[0] ?? null;
  return `[${some.map((d) => d.slice(1, -1)).join(",")}]`;
}
