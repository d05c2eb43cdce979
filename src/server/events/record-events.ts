import type pg from "pg";
import { type AppendInput, type AppendResult, type Appender, appendEvents } from "./append";
import { appendSignal } from "./append-signal";

/**
 * The API's append: appendEvents, then a wake-up for the worker when anything new landed
 * (a duplicate changes nothing, so it wakes no one).
 */
export async function recordEvents(
  db: pg.Pool,
  who: Appender,
  inputs: AppendInput[],
  pathPrefix?: (string | number)[],
): Promise<AppendResult[]> {
  const results = await appendEvents(db, who, inputs, pathPrefix);
  if (results.some((r) => !r.duplicate)) appendSignal.emit(who.orgId);
  return results;
}
