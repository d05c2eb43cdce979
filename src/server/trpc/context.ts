import type pg from "pg";
import { type Caller, resolveCaller } from "../auth/credentials";
import { isSameOriginRequest } from "../auth/same-origin";
import { getPool } from "../db/pool";

export type InnerContextOptions = {
  caller: Caller | null;
  /**
   * Every query goes through this pg pool. Prisma is used for the schema and its migrations only
   * (prisma/schema.prisma and prisma/migrations, applied by src/server/db/migrate): there is no
   * Prisma client in the context.
   */
  db?: pg.Pool;
  clock?: () => Date;
  /** True when the request came from another site (CSRF guard for cookie sessions). */
  crossSite?: boolean;
};

/** The request-free context: what tests and server components build directly, with their own db and clock. */
export function createInnerContext(opts: InnerContextOptions) {
  return {
    caller: opts.caller,
    db: opts.db ?? getPool(),
    clock: opts.clock ?? (() => new Date()),
    crossSite: opts.crossSite ?? false,
  };
}

/** What the context reads of a request: its headers, from a fetch Request or a Node request alike. */
export type RequestHeaders = Pick<Headers, "get">;

/** The outer context: reads credentials and the request's origin. */
export async function createContext({ headers }: { headers: RequestHeaders }) {
  const db = getPool();
  const caller = await resolveCaller(db, headers);
  return createInnerContext({ caller, db, crossSite: !isSameOriginRequest(headers) });
}

export type Context = ReturnType<typeof createInnerContext>;
