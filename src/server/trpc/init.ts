import { TRPCError, initTRPC } from "@trpc/server";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "../http/database-outage";
import { AppError } from "../errors";
import type { Context } from "./context";
import { formatError } from "./error-formatter";
import { type ProcedureMeta, accessRefusal } from "./procedure-access";

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({ errorFormatter: formatError });

/** Domain errors (AppError) become their tRPC code instead of a 500; a database out of reach, a 503. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.cause instanceof AppError) {
    const cause = res.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (!res.ok && res.error.code === "INTERNAL_SERVER_ERROR" && isDatabaseUnavailable(res.error.cause)) {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE, cause: res.error.cause });
  }
  return res;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
/** No credential needed (system.health); the REST API documents it as public (meta.isPublic). */
export const publicProcedure = t.procedure.use(mapAppErrors).meta({ isPublic: true });

/**
 * Requires a credential; cookie-authenticated mutations must come from our own site; an API key
 * needs the procedure's scope (its meta: reads `read` by default, mutations declare theirs, and
 * a mutation that declares none is refused to keys), procedure-access.ts.
 */
export const protectedProcedure = publicProcedure.meta({ isPublic: false }).use(({ ctx, type, meta, next }) => {
  if (!ctx.caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "a valid API key or session is required" });
  if (type === "mutation" && ctx.caller.kind === "session" && ctx.crossSite) {
    throw new TRPCError({ code: "FORBIDDEN", message: "cross-site request refused" });
  }
  const refused = accessRefusal(ctx.caller, meta, type);
  if (refused) throw new TRPCError({ code: "FORBIDDEN", message: refused });
  return next({ ctx: { ...ctx, caller: ctx.caller } });
});

/** Appends events: API keys need the `append` scope. */
export const appendProcedure = protectedProcedure.meta({ scope: "append" });
/** Loop commands (dismiss, resolve, snooze, reopen): API keys need the `loops:write` scope. */
export const loopCommandProcedure = protectedProcedure.meta({ scope: "loops:write" });
/** Settings (webhooks, API keys): a signed-in user only, never an API key; not in the REST API. */
export const sessionProcedure = protectedProcedure.meta({ sessionOnly: true }).use(({ ctx, next }) => {
  // accessRefusal has refused keys already; this narrows the caller for the procedures.
  if (ctx.caller.kind !== "session") throw new TRPCError({ code: "FORBIDDEN", message: "a signed-in session is required" });
  return next({ ctx: { ...ctx, caller: ctx.caller } });
});
