import type pg from "pg";
import { LIVE, REBUILD } from "./tables";

/**
 * The rebuild's shadow tables. A rebuild fills fresh copies of the live tables' shape without
 * indexes (rows go in in entity order, faster without them), builds the live tables' indexes on
 * them once filled (a sorted build, far cheaper than maintaining them row by row), and finally
 * puts them in place of the live tables by renaming, in the transaction that moves the checkpoint:
 * readers wait for that moment only, instead of for a copy of every row (bench:scale: 200 s at 10M).
 */

/**
 * `indexed`: the shadow gets its indexes when created, not once filled: the loop counts are kept
 * by upserts (loop-store.ts, countsPart) whose ON CONFLICT needs the primary key (a few rows per
 * org, so no bulk to spare them).
 */
export type Pair = { live: string; shadow: string; indexed: boolean };

const PAIRS: Pair[] = [
  { live: LIVE.entities, shadow: REBUILD.entities, indexed: false },
  { live: LIVE.loops, shadow: REBUILD.loops, indexed: false },
  { live: LIVE.counts, shadow: REBUILD.counts, indexed: true },
];

/** What a live index's copy on the shadow is called until the swap gives it the live name. */
const shadowName = (name: string) => `${name}_rebuilt`;

/** Empty shadows of the live tables' current shape (columns, defaults, checks, storage), no indexes (but the `indexed`). */
export async function recreateShadows(client: pg.PoolClient): Promise<void> {
  for (const pair of PAIRS) {
    const { live, shadow } = pair;
    await client.query(`DROP TABLE IF EXISTS ${shadow}`);
    await client.query(`CREATE TABLE ${shadow} (LIKE ${live} INCLUDING ALL EXCLUDING INDEXES)`);
    const opts = await client.query<{ o: string[] | null }>("SELECT reloptions AS o FROM pg_class WHERE oid = $1::regclass", [live]);
    const reloptions = opts.rows[0]?.o;
    if (reloptions?.length) await client.query(`ALTER TABLE ${shadow} SET (${reloptions.join(", ")})`);
    if (pair.indexed) await buildIndexes(client, pair);
  }
}

type IndexDef = { name: string; def: string; constraint: string | null; kind: string | null };

async function indexesOf(client: pg.PoolClient | pg.Pool, table: string): Promise<IndexDef[]> {
  const res = await client.query<IndexDef>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def, con.conname AS constraint, con.contype AS kind
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
      WHERE i.indrelid = $1::regclass
      ORDER BY c.relname`,
    [table],
  );
  return res.rows;
}

/** The live tables' indexes (and the constraints they back), built on the filled shadows; idempotent. */
export async function buildShadowIndexes(client: pg.PoolClient): Promise<void> {
  for (const pair of PAIRS) await buildIndexes(client, pair);
}

/** The statements that build the live table's indexes missing on its shadow: each CREATE INDEX, then the constraint it backs. */
async function missingIndexes(client: pg.PoolClient | pg.Pool, { live, shadow }: Pick<Pair, "live" | "shadow">) {
  const present = new Set((await indexesOf(client, shadow)).map((i) => i.name));
  const out: { create: string; constraint: string | null }[] = [];
  for (const index of await indexesOf(client, live)) {
    const name = shadowName(index.name);
    if (present.has(name)) continue;
    const def = /^(CREATE (?:UNIQUE )?INDEX )\S+( ON (?:ONLY )?)(?:\S+\.)?\S+( .*)$/s.exec(index.def);
    if (!def) throw new Error(`cannot copy index ${index.name}: ${index.def}`);
    const what = index.kind === "p" ? "PRIMARY KEY" : index.kind === "u" ? "UNIQUE" : null;
    out.push({
      create: `${def[1]}${name}${def[2]}${shadow}${def[3]}`,
      constraint: what ? `ALTER TABLE ${shadow} ADD CONSTRAINT ${shadowName(index.constraint!)} ${what} USING INDEX ${name}` : null,
    });
  }
  return out;
}

/** The live table's indexes (and the constraints they back) built on its filled shadow, under shadow names; idempotent. */
export async function buildIndexes(client: pg.PoolClient, pair: Pick<Pair, "live" | "shadow">): Promise<void> {
  for (const { create, constraint } of await missingIndexes(client, pair)) {
    await client.query(create);
    if (constraint) await client.query(constraint);
  }
}

/**
 * buildIndexes on `connections` connections of the pool at once, outside any transaction: each
 * build is one process of Postgres, so on a machine otherwise idle (a rebuild's end) the builds
 * share its cores. The constraints follow, once every index is there.
 */
export async function buildIndexesAtOnce(pool: pg.Pool, pair: Pick<Pair, "live" | "shadow">, connections: number): Promise<void> {
  const todo = await missingIndexes(pool, pair);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) await pool.query(todo[next++]!.create);
  };
  await Promise.all(Array.from({ length: Math.min(connections, todo.length) }, worker));
  for (const { constraint } of todo) if (constraint) await pool.query(constraint);
}

/**
 * Puts the filled shadows in place of the live tables (under the live projector's lock, in the
 * transaction that moves its checkpoint), giving indexes and constraints their live names, and
 * leaves empty shadows behind. Refuses if the live tables changed shape meanwhile (a migration).
 */
export async function swapShadows(client: pg.PoolClient): Promise<void> {
  await buildShadowIndexes(client); // any index the live tables gained meanwhile
  for (const pair of PAIRS) {
    await swapTable(client, pair);
    await client.query(`CREATE TABLE ${pair.shadow} (LIKE ${pair.live} INCLUDING ALL)`);
  }
}

/**
 * Puts one filled and indexed shadow (buildIndexes) in place of its live table, in the caller's
 * transaction: the live table is dropped and the shadow, its indexes and constraints take their
 * names. Refuses if the live table changed shape meanwhile (a migration).
 */
export async function swapTable(client: pg.PoolClient, { live, shadow }: Pick<Pair, "live" | "shadow">): Promise<void> {
  const shape = (t: string) =>
    client
      .query<{ s: string }>(
        `SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) AS s
           FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [t],
      )
      .then((r) => r.rows[0]?.s);
  if ((await shape(live)) !== (await shape(shadow))) {
    throw new Error(`${live} changed shape during the rebuild (a migration?): run it again with --fresh`);
  }
  const indexes = await indexesOf(client, live);
  await client.query(`DROP TABLE ${live}`);
  await client.query(`ALTER TABLE ${shadow} RENAME TO ${live}`);
  // Renaming an index that backs a constraint renames the constraint too.
  for (const index of indexes) await client.query(`ALTER INDEX ${shadowName(index.name)} RENAME TO ${index.name}`);
}
