import { TRPCError, initTRPC } from "@trpc/server";
import { ZodError } from "zod";
import { AppError } from "../errors";
import type { Context } from "./context";

type Issue = { path: (string | number)[]; message: string };

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Clients (and the UI's forms) get the offending fields as a flat list of { path, message }.
    let issues: Issue[] | null = null;
    if (error.cause instanceof ZodError) {
      issues = error.cause.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
    } else if (error.cause instanceof AppError && error.cause.path) {
      issues = [{ path: error.cause.path, message: error.cause.message }];
    }
    const message =
      error.cause instanceof ZodError && issues
        ? issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")
        : shape.message;
    return { ...shape, message, data: { ...shape.data, issues, stack: undefined } };
  },
});

/** Domain errors (AppError) become their tRPC code instead of a 500. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.cause instanceof AppError) {
    const cause = res.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
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
