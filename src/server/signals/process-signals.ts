import { randomUUID } from "node:crypto";
import type { Channel, SignalOrgs } from "./channels";

type Handler = (orgs: SignalOrgs) => void;
type Topic = { everyOrg: Set<Handler>; byOrg: Map<string, Set<Handler>> };
type Registry = { origin: string; topics: Map<string, Topic> };

// On globalThis, not in this module: Next bundles a module into several server chunks (the
// instrumentation hook's, the pages' API routes', the app routes'), each with its own copy of
// module-level state, so a Set here would split the process into islands that never hear each
// other (the after-append pass never ran in `next start`). One registry per process, whatever loads it.
const KEY = Symbol.for("calm.signals");
const registry = (): Registry => ((globalThis as Record<symbol, Registry | undefined>)[KEY] ??= { origin: randomUUID(), topics: new Map() });

/** This process's id in NOTIFY payloads: what it sent itself is ignored when Postgres echoes it. */
export const processOrigin = (): string => registry().origin;

const topicOf = (db: string, channel: Channel): Topic => {
  const key = `${channel} ${db}`;
  const topics = registry().topics;
  let t = topics.get(key);
  if (!t) topics.set(key, (t = { everyOrg: new Set(), byOrg: new Map() }));
  return t;
};

/**
 * Calls `handler` for each signal on `channel` of database `db` (its connection string) in this
 * process; with `orgId`, only for signals naming that org (or all orgs). Returns the unsubscribe.
 */
export function onSignal(db: string, channel: Channel, handler: Handler, orgId?: string): () => void {
  const t = topicOf(db, channel);
  let set = t.everyOrg;
  if (orgId !== undefined) {
    set = t.byOrg.get(orgId) ?? new Set();
    t.byOrg.set(orgId, set);
  }
  set.add(handler);
  return () => {
    set.delete(handler);
    if (orgId !== undefined && set.size === 0 && t.byOrg.get(orgId) === set) t.byOrg.delete(orgId);
  };
}

/** Tells this process's handlers; each at most once per signal. Handlers must not block (fire-and-forget). */
export function emitSignal(db: string, channel: Channel, orgs: SignalOrgs): void {
  const t = topicOf(db, channel);
  const called = new Set<Handler>(t.everyOrg);
  if (orgs === "all") for (const set of t.byOrg.values()) for (const h of set) called.add(h);
  else for (const org of orgs) for (const h of t.byOrg.get(org) ?? []) called.add(h);
  for (const h of called) {
    try {
      h(orgs);
    } catch (e) {
      process.stderr.write(`[signals] ${channel} handler failed: ${String(e)}\n`);
    }
  }
}
