import type pg from "pg";

const perPool = new WeakMap<pg.Pool, Promise<boolean>>();

/**
 * Whether a pool's server is the embedded PGlite (db/embedded.ts), which speaks the Postgres
 * protocol with a few differences. Asked once per pool; an error (the database out of reach) is
 * not remembered, and counts as PGlite (the cautious answer for every caller).
 */
function isPglite(pool: pg.Pool): Promise<boolean> {
  let known = perPool.get(pool);
  if (!known) {
    known = pool.query<{ pglite: boolean }>("SELECT version() LIKE '%PGlite%' AS pglite").then(
      (res) => res.rows[0]!.pglite,
      () => {
        perPool.delete(pool);
        return true;
      },
    );
    perPool.set(pool, known);
  }
  return known;
}

/**
 * Whether a pool's server keeps each connection's named prepared statements to itself, so that a
 * hot statement can be parsed and planned once per connection: Postgres does. The embedded PGlite
 * runs one backend for all connections (db/embedded.ts), where two connections preparing one name
 * would clash.
 */
export const keepsNamedStatements = async (pool: pg.Pool): Promise<boolean> => !(await isPglite(pool));

/**
 * Whether a pool's server takes `COPY … FROM STDIN` (db/copy-in.ts). The embedded PGlite's socket
 * server does not: the first CopyData message ends the connection ("protocol synchronization was
 * lost") and leaves its one backend unanswering for every other connection, the app's included.
 */
export const takesCopyIn = async (pool: pg.Pool): Promise<boolean> => !(await isPglite(pool));
