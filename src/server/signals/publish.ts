import type pg from "pg";
import { type Channel, type SignalOrgs, encodeSignal } from "./channels";
import { emitSignal, processOrigin } from "./process-signals";

/** Signals are filed by database: the connection string its pool was made with. */
export const databaseKey = (pool: pg.Pool): string => pool.options.connectionString ?? "";

/**
 * The least time between two NOTIFYs of one channel from one pool. A writer appending one event
 * after another otherwise sent a NOTIFY per append: a second statement and commit each time,
 * ~0.2 ms of a single append's ~1.1 ms here (bench:peers' one writer with expected versions).
 * The first NOTIFY after a quiet spell goes at once; under load the others wait at most this long.
 */
export const NOTIFY_GAP_MS = 5;

type Outbox = { sending: boolean; orgs: Set<string> | "all" | null; lastSent: number };
const outboxes = new WeakMap<pg.Pool, Map<Channel, Outbox>>();
let failing = false;

/**
 * After a commit: this process's handlers at once, the other processes by NOTIFY. The NOTIFY is a
 * statement of its own, after the commit, rather than part of the committing transaction:
 * Postgres serializes the commits of every transaction that notified (one lock, held through the
 * commit's WAL flush), which measured here took 16 single-row insert clients from 9,300–12,700
 * to 2,400–5,200 commits/s. So a pool has at most one NOTIFY per channel in flight, and starts
 * the next no sooner than NOTIFY_GAP_MS after the last; the orgs signalled meanwhile go together.
 * Fire-and-forget: a failed NOTIFY is logged, and the workers' interval pass picks up what it
 * would have signalled.
 */
export function publishCommitted(pool: pg.Pool, channel: Channel, orgs: SignalOrgs): void {
  emitSignal(databaseKey(pool), channel, orgs);
  let byChannel = outboxes.get(pool);
  if (!byChannel) outboxes.set(pool, (byChannel = new Map()));
  let box = byChannel.get(channel);
  if (!box) byChannel.set(channel, (box = { sending: false, orgs: null, lastSent: -Infinity }));
  if (orgs === "all" || box.orgs === "all") box.orgs = "all";
  else {
    box.orgs ??= new Set();
    for (const org of orgs) box.orgs.add(org);
  }
  if (!box.sending) void send(pool, channel, box);
}

const gapLeft = (box: Outbox) => box.lastSent + NOTIFY_GAP_MS - performance.now();

async function send(pool: pg.Pool, channel: Channel, box: Outbox): Promise<void> {
  box.sending = true;
  while (box.orgs !== null) {
    // Timers run on the event loop's millisecond clock and may fire a fraction early: check again.
    for (let wait = gapLeft(box); wait > 0; wait = gapLeft(box)) await new Promise((r) => setTimeout(r, Math.ceil(wait)));
    const orgs = box.orgs === "all" ? "all" : [...box.orgs];
    box.orgs = null;
    if (ending(pool)) break; // a script that appended and is closing its pool: nobody to tell
    box.lastSent = performance.now();
    try {
      await pool.query("SELECT pg_notify($1, $2)", [channel, encodeSignal(processOrigin(), orgs)]);
      failing = false;
    } catch (e) {
      if (!failing && !ending(pool)) process.stderr.write(`[signals] NOTIFY ${channel} failed (workers fall back to their interval): ${String(e)}\n`);
      failing = true;
    }
  }
  box.orgs = null;
  box.sending = false;
}

/** pg's Pool sets `ending` once end() was called (not in its type declarations). */
const ending = (pool: pg.Pool) => (pool as pg.Pool & { ending?: boolean }).ending === true;

/**
 * Inside a transaction that changed something: a NOTIFY that Postgres delivers at its commit (and
 * drops on rollback). The caller emits the same signal in-process after COMMIT (emitSignal).
 */
export async function notifyInTransaction(client: pg.PoolClient, channel: Channel, orgs: SignalOrgs): Promise<void> {
  await client.query("SELECT pg_notify($1, $2)", [channel, encodeSignal(processOrigin(), orgs)]);
}
