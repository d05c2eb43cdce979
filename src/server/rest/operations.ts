import type { AnyTRPCRouter } from "@trpc/server";
import type { z } from "zod";
import { type ProcedureMeta, type ProcedureType, requiredScope } from "../trpc/procedure-access";

/** One REST endpoint, made from one tRPC procedure. */
export type RestOperation = {
  /** The procedure's path in the router: `events.appendBatch`. */
  procedure: string;
  /** Under /api/v1: `/events/append-batch`. */
  path: string;
  /** Queries are GET (input in the query string), mutations POST (input as the JSON body). */
  method: "GET" | "POST";
  type: Exclude<ProcedureType, "subscription">;
  input: z.ZodType | null;
  /** What an API key needs; null: no credential at all (public). */
  scope: string | null;
};

type ProcedureDef = { type: ProcedureType; inputs: unknown[]; meta?: ProcedureMeta; middlewares: unknown[] };

/** `appendBatch` → `append-batch`: each path segment in kebab case. */
export const restPath = (procedure: string): string => `/${procedure.split(".").map((s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join("/")}`;

/**
 * Every procedure of the router that machines may call, as REST operations, found by walking the
 * router itself: a procedure added anywhere appears here (and in the OpenAPI document) with no
 * hand work. Left out: subscriptions (server-sent events stay on tRPC) and session-only procedures
 * (Settings). A publicProcedure needs no credential (system.health).
 */
export function restOperations(router: AnyTRPCRouter): RestOperation[] {
  const procedures = (router._def as unknown as { procedures: Record<string, { _def: ProcedureDef }> }).procedures;
  const out: RestOperation[] = [];
  for (const [procedure, { _def: def }] of Object.entries(procedures)) {
    if (def.type === "subscription" || def.meta?.sessionOnly) continue;
    const input = (def.inputs[0] as z.ZodType | undefined) ?? null;
    out.push({
      procedure,
      path: restPath(procedure),
      method: def.type === "query" ? "GET" : "POST",
      type: def.type,
      input,
      scope: def.meta?.isPublic ? null : requiredScope(def.meta, def.type),
    });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
