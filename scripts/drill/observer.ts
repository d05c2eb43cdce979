import { eventIdOf } from "./stream-entry";
import { Redis } from "ioredis";
import pg from "pg";
import { type Arrival, completeAt } from "./tally";
import { PROJECTED } from "./verify";
import type { WrittenEvent } from "./writer";

/**
 * Watches, from outside the server, where acknowledged events arrive: the Redis stream (read
 * incrementally), the projection (the entity's version in the read model has reached the event's)
 * and the webhook (told by the receiver). It only times arrivals, for the recovery figures; the
 * verdict comes from a full count at the end (verify.ts). Outages just make a poll fail.
 */
export function startObserver(o: { databaseUrl: string; redisUrl: string; stream: string; events: Map<string, WrittenEvent>; everyMs?: number }) {
  const arrivals = new Map<string, Arrival>();
  const arrival = (id: string) => arrivals.get(id) ?? (arrivals.set(id, {}), arrivals.get(id)!);
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 1, connectionTimeoutMillis: 2000 });
  pool.on("error", () => undefined);
  const redis = new Redis(o.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: 2000, retryStrategy: () => 200 });
  redis.on("error", () => undefined);
  redis.connect().catch(() => undefined);
  let lastStreamId = "0-0";
  let stopped = false;

  const readStream = async () => {
    for (;;) {
      const reply = (await redis.xread("COUNT", 2000, "STREAMS", o.stream, lastStreamId)) as [string, [string, string[]][]][] | null;
      const entries = reply?.[0]?.[1] ?? [];
      const now = Date.now();
      for (const [id, flat] of entries) {
        lastStreamId = id;
        const eventId = eventIdOf(flat);
        if (eventId) arrival(eventId).inStreamAt ??= now;
      }
      if (entries.length < 2000) return;
    }
  };
  const readProjection = async () => {
    const waiting = [...o.events.values()].filter((e) => e.ackedAt !== undefined && arrivals.get(e.id)?.projectedAt === undefined).map((e) => e.id);
    if (waiting.length === 0) return;
    const { rows } = await pool.query<{ id: string }>(PROJECTED, [waiting]);
    const now = Date.now();
    for (const r of rows) arrival(r.id).projectedAt ??= now;
  };

  const loop = (async () => {
    while (!stopped) {
      await Promise.all([readStream().catch(() => undefined), readProjection().catch(() => undefined)]);
      await new Promise((r) => setTimeout(r, o.everyMs ?? 200));
    }
  })();

  return {
    arrivals,
    delivered: (eventId: string) => void (arrival(eventId).deliveredAt ??= Date.now()),
    /** The moment the last of the events acknowledged by `t` had arrived everywhere, or null while some have not. */
    completeAt: (t: number) => completeAt(o.events.values(), arrivals, t),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await loop;
      redis.disconnect();
      await pool.end();
    },
  };
}
