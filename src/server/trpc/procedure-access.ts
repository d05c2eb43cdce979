import type { Caller } from "../auth/credentials";
import { DEFAULT_KEY_SCOPES, type ProcedureScope } from "../auth/scopes";

/**
 * What a procedure declares about who may call it (tRPC meta), read by the access check below and
 * by the REST layer (src/server/rest): the scope an API key needs, or that only a signed-in
 * session may call it (settings: webhooks, API keys), and a line for the API reference.
 */
export type ProcedureMeta = {
  /** The scope an API key needs. Unset: `read` for queries and subscriptions; mutations must say. */
  scope?: ProcedureScope;
  /** Only a signed-in session (Settings): API keys are refused and the REST API leaves it out. */
  sessionOnly?: boolean;
  /** Set by the builders (init.ts): true for publicProcedure, false for protectedProcedure and those built on it. */
  isPublic?: boolean;
};

export type ProcedureType = "query" | "mutation" | "subscription";

/** The scope an API key needs for this procedure; null: none would do (a mutation that declares none fails closed). */
export function requiredScope(meta: ProcedureMeta | undefined, type: ProcedureType): ProcedureScope | null {
  if (meta?.scope) return meta.scope;
  return type === "mutation" ? null : "read";
}

/**
 * Why this caller may not run the procedure, or null. Sessions act as their user and hold every
 * scope; an API key needs the procedure's scope. A key resolved from a request always carries its
 * stored scopes; a caller built in code without them (tests, benches) holds the default ones.
 */
export function accessRefusal(caller: Caller, meta: ProcedureMeta | undefined, type: ProcedureType): string | null {
  if (caller.kind === "session") return null;
  if (meta?.sessionOnly) return "only a signed-in user may do this (in Settings), not an API key";
  const scope = requiredScope(meta, type);
  if (!scope) return "this procedure is not available to API keys";
  const held = caller.scopes ?? DEFAULT_KEY_SCOPES;
  return held.includes(scope) ? null : `this API key lacks the "${scope}" scope (Settings → API keys)`;
}
