import { TRPCError } from "@trpc/server";
import { getErrorShape, getHTTPStatusCodeFromError } from "@trpc/server/unstable-core-do-not-import";
import { expect } from "vitest";
import { appRouter } from "../../src/server/trpc/root";

export type Issue = { path: (string | number)[]; message: string };

/** What an HTTP client would receive for a failed call: the code, the status and the field issues. */
export type ClientError = { code: string; httpStatus: number; message: string; issues: Issue[] | null };

/**
 * Awaits a call that must fail and returns the error as the router's errorFormatter shapes it
 * (createCaller throws the raw TRPCError; HTTP clients get the formatted shape).
 */
export async function callError(call: Promise<unknown>): Promise<ClientError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${JSON.stringify(value)?.slice(0, 300)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const err = error as TRPCError;
  const shape = getErrorShape({
    config: appRouter._def._config,
    error: err,
    type: "mutation",
    path: undefined,
    input: undefined,
    ctx: undefined,
  }) as { message: string; data: { issues: Issue[] | null } };
  return { code: err.code, httpStatus: getHTTPStatusCodeFromError(err), message: shape.message, issues: shape.data.issues };
}

/** The issue paths joined with dots, e.g. "events.3.payload.amount_cents". */
export const issuePaths = (e: ClientError) => (e.issues ?? []).map((i) => i.path.join("."));
