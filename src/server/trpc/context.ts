import type pg from "pg";
import { type Caller, resolveCaller } from "../auth/credentials";
import { getPool } from "../db/pool";
import { getPrisma, type PrismaClient } from "../db/prisma";

export type InnerContextOptions = {
  caller: Caller | null;
  db?: pg.Pool;
  prisma?: PrismaClient;
  clock?: () => Date;
  /** True when the request came from another site (CSRF guard for cookie sessions). */
  crossSite?: boolean;
};

/** The request-free context: what tests build directly, with their own db and clock. */
export function createInnerContext(opts: InnerContextOptions) {
  return {
    caller: opts.caller,
    db: opts.db ?? getPool(),
    prisma: opts.prisma ?? getPrisma(),
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
  return createInnerContext({ caller, db, crossSite: isCrossSite(headers) });
}

function isCrossSite(headers: RequestHeaders): boolean {
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = headers.get("origin");
  if (!origin) return false;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export type Context = ReturnType<typeof createInnerContext>;
