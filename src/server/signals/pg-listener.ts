import pg from "pg";
import { type Channel, decodeSignal } from "./channels";
import { emitSignal, processOrigin } from "./process-signals";

export type PgListener = {
  /**
   * Relays the channel's NOTIFYs from other processes to this process's signals (onSignal) while
   * held; returns the release. Every worker holds eventsAppended, every live stream loopsChanged.
   */
  listen(channel: Channel): () => void;
  /** Resolves once every held channel is LISTENed (tests wait for it before causing a change). */
  ready(): Promise<void>;
  close(): Promise<void>;
};

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;
/** Keep the connection a little after the last holder leaves: a page reload holds again at once. */
const IDLE_CLOSE_MS = 30_000;

/**
 * One dedicated LISTEN connection per process and database (not from the pool: a pooled client
 * would be handed back with the LISTEN still on it) for every channel. It reconnects with
 * backoff; after a reconnect each channel gets an "all" signal, because notifications sent
 * meanwhile are lost. Its own process's notifications are dropped: they were emitted in-process
 * already (publish.ts). On the embedded PGlite a NOTIFY never reaches another connection: there
 * only the in-process signals work, which suffices for one process.
 */
export function createPgListener(connectionString: string): PgListener {
  const held = new Map<Channel, number>();
  let client: pg.Client | null = null;
  /** The channels LISTENed on `client`. */
  let listening = new Set<Channel>();
  let connecting: Promise<void> | null = null;
  let retryMs = RETRY_MIN_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  /** Set when the connection was lost or could not be made: signals may have been missed. */
  let missed = false;
  let closed = false;

  const holding = () => [...held.values()].some((n) => n > 0);
  const channels = () => [...held].filter(([, n]) => n > 0).map(([c]) => c);
  const catchUp = () => {
    for (const c of channels()) emitSignal(connectionString, c, "all");
  };

  function onNotification(msg: pg.Notification) {
    if (!held.get(msg.channel as Channel)) return;
    const { from, orgs } = decodeSignal(msg.payload);
    if (from === processOrigin()) return;
    emitSignal(connectionString, msg.channel as Channel, orgs);
  }

  function drop(c: pg.Client, err?: Error) {
    if (client !== c) return;
    client = null;
    c.removeAllListeners("notification");
    c.end().catch(() => undefined);
    if (err) process.stderr.write(`[signals] LISTEN connection lost: ${err.message}\n`);
    missed = true;
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (closed || !holding() || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryTimer.unref?.();
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  }

  const listenSql = (c: Channel) => `LISTEN "${c}"`;

  function connect(): Promise<void> {
    if (client || closed) return Promise.resolve();
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString });
      c.on("notification", onNotification);
      c.on("error", (err) => drop(c, err));
      c.on("end", () => drop(c));
      try {
        await c.connect();
        const now = new Set(channels());
        for (const ch of now) await c.query(listenSql(ch));
        client = c;
        listening = now;
        retryMs = RETRY_MIN_MS;
        if (missed) catchUp();
        missed = false;
      } catch (e) {
        c.removeAllListeners();
        c.on("error", () => undefined);
        await c.end().catch(() => undefined);
        process.stderr.write(`[signals] LISTEN failed: ${e instanceof Error ? e.message : String(e)}\n`);
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

  /** A channel held for the first time: LISTEN on the live connection (a new one LISTENs to all). */
  async function addChannel(ch: Channel) {
    await connecting;
    const c = client;
    if (!c || listening.has(ch)) return;
    listening.add(ch);
    await c.query(listenSql(ch)).catch((e: Error) => drop(c, e));
  }

  let pending: Promise<void> = Promise.resolve();
  return {
    listen(channel) {
      clearTimeout(idleTimer);
      const n = held.get(channel) ?? 0;
      held.set(channel, n + 1);
      pending = n === 0 ? pending.then(() => addChannel(channel)) : pending;
      void connect();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.set(channel, (held.get(channel) ?? 1) - 1);
        if (!holding()) {
          idleTimer = setTimeout(() => void disconnect(), IDLE_CLOSE_MS);
          idleTimer.unref?.();
        }
      };
    },
    async ready() {
      await connect();
      await pending;
    },
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      held.clear();
      await connecting;
      await disconnect();
    },
  };
}

const KEY = Symbol.for("calm.pgListeners");

/** The process-wide listener for a database (on globalThis: one per process, however Next bundles us). */
export function pgListenerFor(connectionString: string): PgListener {
  const all = ((globalThis as Record<symbol, Map<string, PgListener> | undefined>)[KEY] ??= new Map());
  let l = all.get(connectionString);
  if (!l) all.set(connectionString, (l = createPgListener(connectionString)));
  return l;
}
