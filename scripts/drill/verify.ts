import { eventIdOf } from "./stream-entry";
import type { Redis } from "ioredis";
import type pg from "pg";

/** Where each event of the drill's org ended up, counted in full once the drill is over. */
export type Census = {
  /** Rows per event id in system_events (the drill's org). */
  inLog: Map<string, number>;
  /** Entries per event id in the stream. */
  inStream: Map<string, number>;
  projected: Set<string>;
  /** POSTs per event id that the webhook acknowledged with the echo. */
  delivered: Map<string, number>;
  pendingDeliveries: number;
  deadLetters: number;
};

export async function takeCensus(
  pool: pg.Pool,
  redis: Redis,
  o: { orgId: string; stream: string; group: string; acked: string[]; delivered: Map<string, number> },
): Promise<Census> {
  const log = await pool.query<{ id: string; n: number }>("SELECT id::text AS id, count(*)::int AS n FROM system_events WHERE org_id = $1 GROUP BY id", [o.orgId]);
  const inLog = new Map(log.rows.map((r) => [r.id, r.n]));
  const projected = new Set((await pool.query<{ id: string }>(PROJECTED, [o.acked])).rows.map((r) => r.id));

  const inStream = new Map<string, number>();
  for (let start = "-"; ; ) {
    const page = (await redis.xrange(o.stream, start, "+", "COUNT", 5000)) as [string, string[]][];
    for (const [, flat] of page) {
      const id = eventIdOf(flat);
      if (id) inStream.set(id, (inStream.get(id) ?? 0) + 1);
    }
    if (page.length < 5000) break;
    start = `(${page.at(-1)![0]}`;
  }
  const pending = (await redis.xpending(o.stream, o.group)) as [number, ...unknown[]];
  const deadLetters = await redis.xlen(`${o.stream}:dead`);
  return { inLog, inStream, projected, delivered: o.delivered, pendingDeliveries: pending[0], deadLetters };
}

/** The events among $1 whose entity's read model has folded them (its version reached theirs). */
export const PROJECTED = `
  SELECT e.id::text AS id
  FROM system_events e
  JOIN entities n ON n.org_id = e.org_id AND n.type = e.primary_entity_type AND n.id = e.primary_entity_id
  WHERE e.id = ANY($1::uuid[]) AND n.version >= e.entity_version`;
