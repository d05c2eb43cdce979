import type pg from "pg";

const perPool = new WeakMap<pg.Pool, Promise<boolean>>();

/**
 * Whether a pool's server keeps each connection's named prepared statements to itself, so that a
 * hot statement can be parsed and planned once per connection: Postgres does. The embedded PGlite
 * runs one backend for all connections (db/embedded.ts), where two connections preparing one name
 * would clash. Asked once per pool; an error (the database out of reach) is not remembered.
 */
export function keepsNamedStatements(pool: pg.Pool): Promise<boolean> {
  let known = perPool.get(pool);
  if (!known) {
    known = pool.query<{ pglite: boolean }>("SELECT version() LIKE '%PGlite%' AS pglite").then(
      (res) => !res.rows[0]!.pglite,
      () => {
        perPool.delete(pool);
        return false;
      },
    );
    perPool.set(pool, known);
  }
  return known;
}
