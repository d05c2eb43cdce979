import type pg from "pg";
import { CHANNELS } from "../signals/channels";
import { publishCommitted } from "../signals/publish";

/**
 * Sent by appendEvents itself once the append committed something new, so every path that appends
 * (the API, the forms, loop commands, the seed, scripts) wakes the workers: this process's at once,
 * the other processes' and instances' by NOTIFY (signals/publish.ts). A duplicate wakes no one.
 */
export function signalAppended(pool: pg.Pool, orgId: string, results: { duplicate: boolean }[]): void {
  if (results.some((r) => !r.duplicate)) publishCommitted(pool, CHANNELS.eventsAppended, [orgId]);
}
