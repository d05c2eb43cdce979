import type { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { env } from "~/env";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "../http/database-outage";
import { AppError } from "../errors";
import { bodyTooLargeMessage } from "../http/body-limit";

export type Issue = { path: (string | number)[]; message: string };
type Shape = { message: string; code: number; data: { code: string; httpStatus: number; [k: string]: unknown } };

/** Issues listed in one answer: enough to fix a form or a batch, without an answer as big as the input. */
const MAX_ISSUES = 20;

/** True when the call failed because the database is out of reach (answered 503 + Retry-After). */
export const isOutage = (error: TRPCError) => error.code === "SERVICE_UNAVAILABLE" || isDatabaseUnavailable(error.cause);

/**
 * What a client sees of a failure: bad input as a flat list of { path, message } (the UI's forms
 * read it); an outage as a plain 503; a body too large with the limit; and never a stack, a
 * driver's message or any other internal text (those go to the server log: [trpc].ts).
 */
export function formatError<S extends Shape>({ shape, error }: { shape: S; error: TRPCError }): S & { data: S["data"] & { issues: Issue[] | null } } {
  if (isOutage(error)) {
    return { ...shape, message: DATABASE_UNAVAILABLE, code: -32603, data: { ...shape.data, code: "SERVICE_UNAVAILABLE", httpStatus: 503, issues: null, stack: undefined } };
  }
  if (error.code === "PAYLOAD_TOO_LARGE") {
    return { ...shape, message: bodyTooLargeMessage(env.MAX_BODY_BYTES), data: { ...shape.data, issues: null, stack: undefined } };
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    return { ...shape, message: "something went wrong on our side; it has been logged", data: { ...shape.data, issues: null, stack: undefined } };
  }
  let issues: Issue[] | null = null;
  if (error.cause instanceof ZodError) {
    issues = error.cause.issues.slice(0, MAX_ISSUES).map((i) => ({ path: i.path as (string | number)[], message: i.message }));
  } else if (error.cause instanceof AppError && error.cause.path) {
    issues = [{ path: error.cause.path, message: error.cause.message }];
  }
  let message = shape.message;
  if (error.cause instanceof ZodError && issues) {
    const more = error.cause.issues.length - issues.length;
    message = issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ") + (more > 0 ? `; and ${more} more` : "");
  }
  return { ...shape, message, data: { ...shape.data, issues, stack: undefined } };
}
