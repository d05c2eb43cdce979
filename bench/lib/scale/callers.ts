import type pg from "pg";
import type { Caller } from "../../../src/server/auth/credentials";
import { createInnerContext } from "../../../src/server/trpc/context";
import { createCaller } from "../../../src/server/trpc/root";

/** The tRPC caller of an org's API key, in-process: the procedures exactly as HTTP runs them, minus HTTP. */
export function callerFor(db: pg.Pool, orgId: string) {
  const caller: Caller = { kind: "apiKey", orgId, keyId: "0190b000-0000-7000-8000-0000000000c2" };
  return createCaller(createInnerContext({ caller, db }));
}

export type RecordedQuery = { text: string; values: unknown[] };

/**
 * The pool with every `query` call recorded: running a procedure through it once yields the SQL it
 * really sends (whatever file it lives in after a refactor), which is then EXPLAINed as sent.
 */
export function recordingPool(pool: pg.Pool, out: RecordedQuery[]): pg.Pool {
  return new Proxy(pool, {
    get(target, prop) {
      if (prop === "query") {
        return (q: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
          if (typeof q === "string") out.push({ text: q, values: values ?? [] });
          else out.push({ text: q.text, values: q.values ?? values ?? [] });
          return (target.query as (...a: unknown[]) => unknown)(q, values);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
