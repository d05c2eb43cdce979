import { TRPCError } from "@trpc/server";
import type pg from "pg";
import { type Caller, resolveCaller } from "../auth/credentials";
import { type KeyLimiter, RateLimited } from "../auth/key-rate-limit";
import { processKeyLimiter } from "../auth/process-key-limiter";
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

/**
 * The outer context (an HTTP request: /api/trpc and the REST API): reads credentials and the
 * request's origin, and counts the request against its API key's rate limit (429 beyond it).
 */
export async function createContext({ headers, db = getPool(), limiter = processKeyLimiter() }: { headers: RequestHeaders; db?: pg.Pool; limiter?: KeyLimiter }) {
  const caller = await resolveCaller(db, headers);
  if (caller?.kind === "apiKey") {
    const decision = await limiter(caller.keyId);
    if (!decision.ok) {
      const cause = new RateLimited(decision.retryAfterSeconds);
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
    }
  }
  return createInnerContext({ caller, db, crossSite: !isSameOriginRequest(headers) });
}

/** Seconds to ask the client to wait, when `error` is a refusal for its key's rate. */
export const retryAfterOf = (error: TRPCError): number | null => (error.cause instanceof RateLimited ? error.cause.retryAfterSeconds : null);

export type Context = ReturnType<typeof createInnerContext>;
