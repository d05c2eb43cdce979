import pg from "pg";
import { LOOPS_CHANNEL } from "../projector/tables";

type Listener = () => void;

export type LoopsListener = {
  /** Calls `listener` whenever the projector reports a change to `orgId`'s loops; returns the unsubscribe. */
  subscribe(orgId: string, listener: Listener): () => void;
  /** Resolves once the LISTEN is in place (tests wait for it before causing a change). */
  ready(): Promise<void>;
  close(): Promise<void>;
};

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;
/** Keep the connection a little after the last subscriber leaves: a page reload re-subscribes at once. */
const IDLE_CLOSE_MS = 30_000;

/**
 * One dedicated LISTEN connection (not from the pool: a pooled client would be handed back with
 * the LISTEN still on it) fanned out in-process by org. It reconnects with backoff; after a
 * reconnect every subscriber is told to refetch, because notifications sent meanwhile are lost.
 */
export function createLoopsListener(connectionString: string): LoopsListener {
  const byOrg = new Map<string, Set<Listener>>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  /** Set when the connection was lost or could not be made: subscribers may have missed changes. */
  let missed = false;
  let closed = false;

  const size = () => [...byOrg.values()].reduce((n, s) => n + s.size, 0);
  const notify = (ls: Iterable<Listener>) => {
    for (const l of [...ls]) {
      try {
        l();
      } catch (e) {
        process.stderr.write(`[live] listener failed: ${String(e)}\n`);
      }
    }
  };
  const notifyAll = () => notify([...byOrg.values()].flatMap((s) => [...s]));

  function dispatch(payload: string | undefined) {
    let orgs: unknown;
    try {
      orgs = JSON.parse(payload ?? "");
    } catch {
      orgs = null;
    }
    // An empty list (a rebuild swapped the whole projection) or an unreadable one concerns everyone.
    if (!Array.isArray(orgs) || orgs.length === 0) return notifyAll();
    for (const org of orgs) {
      const ls = typeof org === "string" ? byOrg.get(org) : undefined;
      if (ls) notify(ls);
    }
  }

  function drop(c: pg.Client, err?: Error) {
    if (client !== c) return;
    client = null;
    c.removeAllListeners("notification");
    c.end().catch(() => undefined);
    if (err) process.stderr.write(`[live] LISTEN connection lost: ${err.message}\n`);
    missed = true;
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (closed || size() === 0 || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryTimer.unref?.();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }

  function connect(): Promise<void> {
    if (client || closed) return Promise.resolve();
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString });
      c.on("notification", (msg) => dispatch(msg.payload));
      c.on("error", (err) => drop(c, err));
      c.on("end", () => drop(c));
      try {
        await c.connect();
        await c.query(`LISTEN "${LOOPS_CHANNEL}"`);
        client = c;
        retryMs = RETRY_MIN_MS;
        if (missed) notifyAll();
        missed = false;
      } catch (e) {
        c.removeAllListeners();
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
        process.stderr.write(`[live] LISTEN failed: ${e instanceof Error ? e.message : String(e)}\n`);
        missed = true;
        scheduleReconnect();
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  }

  async function disconnect() {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const c = client;
    client = null;
    if (c) {
      c.removeAllListeners();
      c.on("error", () => undefined);
      await c.end().catch(() => undefined);
    }
  }

  return {
    subscribe(orgId, listener) {
      clearTimeout(idleTimer);
      let set = byOrg.get(orgId);
      if (!set) byOrg.set(orgId, (set = new Set()));
      set.add(listener);
      void connect();
      return () => {
        set.delete(listener);
        if (set.size === 0) byOrg.delete(orgId);
        if (size() === 0) {
          idleTimer = setTimeout(() => void disconnect(), IDLE_CLOSE_MS);
          idleTimer.unref?.();
        }
      };
    },
    async ready() {
      await connect();
    },
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      byOrg.clear();
      await connecting;
      await disconnect();
    },
  };
}

const globalForLive = globalThis as unknown as { calmLoopsListeners?: Map<string, LoopsListener> };

/** The process-wide listener for a database (cached across Next's hot reloads). */
export function loopsListenerFor(connectionString: string): LoopsListener {
  const all = (globalForLive.calmLoopsListeners ??= new Map());
  let l = all.get(connectionString);
  if (!l) all.set(connectionString, (l = createLoopsListener(connectionString)));
  return l;
}
