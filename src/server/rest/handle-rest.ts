import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import type pg from "pg";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { env } from "~/env";
import type { KeyLimiter } from "../auth/key-rate-limit";
import { DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS, isDatabaseUnavailable, logDatabaseUnavailable } from "../http/database-outage";
import { readBodyWithin } from "../http/body-limit";
import { nodeHeaders } from "../http/node-headers";
import { createContext, retryAfterOf } from "../trpc/context";
import { formatError, isOutage } from "../trpc/error-formatter";
import { createCaller } from "../trpc/root";
import { inputFromQuery } from "./query-input";
import { restApi } from "./rest-api";

export const REST_PREFIX = "/api/v1";

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

const problem = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: { code, message, issues: null } },
  headers,
});

/**
 * The REST API, GET/POST /api/v1/<router>/<procedure>, and its document at /api/v1/openapi.json:
 * each call runs the tRPC procedure itself through a caller with the request's context (the same
 * credential check, scopes, per-key rate limit, origin rule, Zod parsing and error mapping as
 * /api/trpc). Answers are the procedure's output as JSON; failures `{ error: { code, message,
 * issues } }` with the HTTP status tRPC gives that code.
 */
export async function handleRest(req: IncomingMessage, res: ServerResponse, deps: { db?: pg.Pool; limiter?: KeyLimiter } = {}): Promise<void> {
  const answer = (a: Answer) => {
    res.statusCode = a.status;
    res.setHeader("content-type", "application/json; charset=utf-8");
    res.setHeader("cache-control", "no-store");
    for (const [k, v] of Object.entries(a.headers ?? {})) res.setHeader(k, v);
    res.end(typeof a.body === "string" ? a.body : JSON.stringify(a.body));
  };
  const url = new URL(req.url ?? "/", "http://calm.invalid");
  const path = url.pathname.startsWith(REST_PREFIX) ? url.pathname.slice(REST_PREFIX.length).replace(/\/+$/, "") : url.pathname;
  const api = restApi();
  if (path === "/openapi.json") {
    if (req.method !== "GET" && req.method !== "HEAD") return answer(problem(405, "METHOD_NOT_SUPPORTED", "GET /api/v1/openapi.json", { allow: "GET" }));
    return answer({ status: 200, body: api.json });
  }
  const op = api.operations.get(path);
  if (!op) return answer(problem(404, "NOT_FOUND", `no operation at ${REST_PREFIX}${path}; the list is at ${REST_PREFIX}/openapi.json`));
  if (req.method !== op.method) return answer(problem(405, "METHOD_NOT_SUPPORTED", `use ${op.method} ${REST_PREFIX}${path}`, { allow: op.method }));

  let input: unknown;
  if (op.method === "GET") {
    const parsed = inputFromQuery(url.searchParams, api.inputs.get(path) ?? null);
    if (!parsed.ok) return answer(problem(400, "BAD_REQUEST", parsed.message));
    input = parsed.input;
  } else {
    const text = await readBodyWithin(req, res, env.MAX_BODY_BYTES, (message) => problem(413, "PAYLOAD_TOO_LARGE", message).body).catch(() => null);
    if (text === null) {
      if (!res.headersSent) res.destroy();
      return; // answered 413, or the client left
    }
    try {
      input = text.trim() === "" ? undefined : JSON.parse(text);
    } catch {
      return answer(problem(400, "BAD_REQUEST", "the body is not valid JSON"));
    }
  }

  try {
    const ctx = await createContext({ headers: nodeHeaders(req.headers), ...deps });
    const call = op.procedure.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx)) as (i: unknown) => Promise<unknown>;
    const output = await call(input);
    return answer({ status: 200, body: output === undefined ? null : output });
  } catch (e) {
    return answer(failure(e, op.procedure));
  }
}

/** A thrown error as the client sees it: tRPC's code and status, the same words as /api/trpc, never internals. */
function failure(e: unknown, procedure: string): Answer {
  const error =
    e instanceof TRPCError
      ? e
      : isDatabaseUnavailable(e)
        ? new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE, cause: e })
        : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: e });
  if (isOutage(error)) {
    logDatabaseUnavailable(`/api/v1 ${procedure}`, error.cause ?? error);
    return problem(503, "SERVICE_UNAVAILABLE", DATABASE_UNAVAILABLE, { "retry-after": String(RETRY_AFTER_SECONDS) });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[rest] ${procedure}:`, error.cause ?? error);
  const status = getHTTPStatusCodeFromError(error);
  const shape = formatError({ shape: { message: error.message, code: 0, data: { code: error.code, httpStatus: status } }, error });
  const wait = retryAfterOf(error);
  return {
    status,
    body: { error: { code: error.code, message: shape.message, issues: shape.data.issues } },
    headers: wait ? { "retry-after": String(wait) } : undefined,
  };
}
