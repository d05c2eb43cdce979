/**
 * A per-process cache whose entries live `ttlMs` at most: credentials (API keys, sessions) are
 * checked against the database at most once per `ttlMs` per process, so a revocation made
 * anywhere (another instance, a script, SQL) takes effect everywhere within `ttlMs`, with no
 * channel between processes. Bounded: when full it starts over (bounded memory beats perfect
 * bookkeeping; the cost is one query per credential).
 */
export type TtlCache<V> = {
  get(key: string, now: number): V | undefined;
  set(key: string, value: V, now: number): void;
  delete(key: string): void;
  /** Drops every entry whose value matches, e.g. all sessions of a user signed out everywhere. */
  deleteWhere(match: (value: V) => boolean): void;
};

export function createTtlCache<V>({ ttlMs, max = 10_000 }: { ttlMs: number; max?: number }): TtlCache<V> {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    get(key, now) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.until > now) return hit.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value, now) {
      if (entries.size >= max) entries.clear();
      entries.set(key, { value, until: now + ttlMs });
    },
    delete(key) {
      entries.delete(key);
    },
    deleteWhere(match) {
      for (const [key, entry] of entries) if (match(entry.value)) entries.delete(key);
    },
  };
}

const registry = globalThis as unknown as { calmTtlCaches?: Map<string, TtlCache<unknown>> };

/**
 * The process's one cache of that name. Next bundles a module once per route type (pages, API
 * routes, the proxy), so a module-level cache would exist several times in one server: a sign-out
 * in a server action must clear the entry the tRPC route reads too.
 */
export function sharedTtlCache<V>(name: string, opts: { ttlMs: number; max?: number }): TtlCache<V> {
  registry.calmTtlCaches ??= new Map();
  let cache = registry.calmTtlCaches.get(name);
  if (!cache) {
    cache = createTtlCache<V>(opts) as TtlCache<unknown>;
    registry.calmTtlCaches.set(name, cache);
  }
  return cache as TtlCache<V>;
}
