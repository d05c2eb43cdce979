import { TRPCError, initTRPC } from "@trpc/server";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "../http/database-outage";
import { AppError } from "../errors";
import type { Context } from "./context";
import { formatError } from "./error-formatter";

const t = initTRPC.context<Context>().create({ errorFormatter: formatError });

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
export const publicProcedure = t.procedure.use(mapAppErrors);

/** Requires a credential; cookie-authenticated mutations must come from our own site. */
export const protectedProcedure = publicProcedure.use(({ ctx, type, next }) => {
  if (!ctx.caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "a valid API key or session is required" });
  if (type === "mutation" && ctx.caller.kind === "session" && ctx.crossSite) {
    throw new TRPCError({ code: "FORBIDDEN", message: "cross-site request refused" });
  }
  return next({ ctx: { ...ctx, caller: ctx.caller } });
});
