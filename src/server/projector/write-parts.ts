import type pg from "pg";

/**
 * One part of a batch's writes: its SQL with `$?` where its one parameter goes (null: it takes
 * none, e.g. a part computed from the other parts' RETURNING); `counted`: how many rows it changed
 * is returned; `returning`: what its RETURNING gives the parts after it (by its name), if not just
 * a row per change.
 */
export type WritePart = { name: string; sql: string; param: string | JsonDocument | null; counted: boolean; returning?: string };

/** A JSON document for a `$n::jsonb` parameter: text, or jsonb's binary input (joinArrays). */
export type JsonDocument = string | Buffer;

/**
 * Every part in one statement (data-modifying WITH clauses: each runs once, to completion, on the
 * statement's snapshot; the parts touch disjoint rows). One statement per batch rather than one
 * per part and chunk: between two statements the connection waits for this process's event loop,
 * busy preparing the next batch, and it was idle half of the time (bench:projector catch-up).
 * Returns each counted part's row count.
 */
export async function runParts(client: pg.PoolClient, parts: WritePart[]): Promise<Record<string, number>> {
  if (parts.length === 0) return {};
  const params: (string | Buffer)[] = [];
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

/**
 * JSON array documents (one per chunk of a batch) as one: their elements, in order. Several are
 * joined as jsonb's binary input (a version byte, then the text; pg sends a Buffer as binary), for
 * a `$n::jsonb` parameter only: each document is encoded once and its brackets cut off without a
 * copy. Joining them as strings copied every character twice more (slicing a document flattens
 * it, then the join), ~15% of a rebuild's Node time in a CPU profile.
 */
export function joinArrays(docs: (string | null)[]): JsonDocument | null {
  const some = docs.filter((d): d is string => d !== null && d.length > 2);
  if (some.length <= 1) return some[0] ?? null;
  const parts: Buffer[] = [JSONB_VERSION];
  some.forEach((d, i) => {
    const bytes = Buffer.from(d);
    // The first keeps its "[", the last its "]"; commas in between.
    parts.push(bytes.subarray(i === 0 ? 0 : 1, i === some.length - 1 ? bytes.length : bytes.length - 1));
    if (i < some.length - 1) parts.push(COMMA);
  });
  return Buffer.concat(parts);
}

const JSONB_VERSION = Buffer.from([1]);
const COMMA = Buffer.from(",");
