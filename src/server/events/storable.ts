import { MAX_PAYLOAD_DEPTH, jsonProblem } from "~/domain/events";

export type Unstorable = { path: (string | number)[]; message: string };

/**
 * The first field of an event that the log cannot hold exactly, or null: a year-0 instant
 * (timestamptz has none), or a payload the domain's walk refuses (too deep, NUL or lone surrogate,
 * a non-finite number, a __proto__ key). The API refuses these in its input parsing already; this
 * guards every other writer (loop commands, the seed), without recursion.
 */
export function unstorableField(input: { occurred_at: string; payload: unknown }): Unstorable | null {
  if (/^0000-/.test(input.occurred_at)) return { path: ["occurred_at"], message: "must fall between the years 1 and 9999 (UTC)" };
  const problem = jsonProblem(input.payload, MAX_PAYLOAD_DEPTH);
  return problem ? { path: ["payload", ...problem.path], message: problem.message } : null;
}
