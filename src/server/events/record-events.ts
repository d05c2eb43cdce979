import type pg from "pg";
import { refuseForbiddenActors } from "./actor-policy";
import { type AppendInput, type AppendResult, type Appender, appendEvents } from "./append";

/**
 * The API's append: the actor policy (actor-policy.ts), then appendEvents.
 */
export async function recordEvents(
  db: pg.Pool,
  who: Appender,
  inputs: AppendInput[],
  pathPrefix?: (string | number)[],
): Promise<AppendResult[]> {
  await refuseForbiddenActors(db, who, inputs, pathPrefix);
  return appendEvents(db, who, inputs, pathPrefix); // which wakes the workers (append-signal.ts)
}
