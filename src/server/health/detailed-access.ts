import { timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { env } from "~/env";
import { resolveCaller } from "../auth/credentials";
import { getPool } from "../db/pool";

/**
 * Who may read the full health report over HTTP: the operator's tooling with
 * `Authorization: Bearer $WORKER_SECRET`, or a signed-in user of the dashboard. An API key is an
 * org's machine credential, not the operator's: it gets the public words.
 */
export async function mayReadDetailedHealth(headers: Pick<Headers, "get">, db: pg.Pool = getPool()): Promise<boolean> {
  const auth = headers.get("authorization");
  if (auth) return bearerIs(auth, env.WORKER_SECRET);
  try {
    return (await resolveCaller(db, headers))?.kind === "session";
  } catch {
    return false; // the session cannot be checked (the database is down): the public words
  }
}

function bearerIs(header: string, secret: string): boolean {
  const expected = Buffer.from(`Bearer ${secret}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
