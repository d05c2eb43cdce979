// Bench setup only: writes a realistic log straight into system_events with multi-row INSERTs
// (no append path, no checks) so that a million events take seconds, not minutes. Entity
// versions are assigned here, in log order, exactly as appendEvents would.
import type pg from "pg";
import type { SystemEventInput } from "../../src/domain/events";
import { generateOrgEvents, planOrgs } from "../../scripts/seed/generate";
import { createRng } from "../../scripts/seed/prng";

export type LogItem = { orgId: string; event: SystemEventInput };

const ACTOR = { id: "0190b000-0000-7000-8000-0000000000b1", type: "system" as const };
const HOUR = 3_600_000;

/** The demo seed's realistic histories for `orgs` orgs, interleaved in chunks as concurrent orgs append. */
export function realisticLog(seed: string, orgs: number, total: number, end: Date): LogItem[] {
  const streams = planOrgs(seed, orgs, total).map((plan) => ({
    orgId: plan.orgId,
    events: generateOrgEvents(seed, plan, end),
    at: 0,
  }));
  const out: LogItem[] = [];
  while (streams.some((s) => s.at < s.events.length)) {
    for (const s of streams) {
      for (const event of s.events.slice(s.at, s.at + 500)) out.push({ orgId: s.orgId, event });
      s.at += 500;
    }
  }
  return out;
}

/** A busy org: `n` new leads over the last `days` days, each an active new_lead loop. */
export function busyOrgLeads(orgId: string, n: number, end: Date, days = 10): LogItem[] {
  const rng = createRng(`busy/${orgId}`);
  return Array.from({ length: n }, (_, i) => {
    const occurred = end.getTime() - days * 24 * HOUR * (1 - i / n) - rng.int(0, 3600) * 1000;
    return {
      orgId,
      event: {
        id: rng.uuid(),
        event_type: "lead_created",
        occurred_at: new Date(occurred).toISOString(),
        actor: ACTOR,
        primary_entity: { id: rng.uuid(), type: "deal" },
        payload: { name: `Lead ${i + 1}`, source: "website" },
      } as SystemEventInput,
    };
  });
}

/** Per-entity versions carried across calls, so a log can be inserted in several parts. */
export type VersionBook = Map<string, number>;

/**
 * Inserts `items`, each org's in log order on its own connection, the orgs concurrently (they
 * share no entity, so versions stay in log order per entity), `chunk` rows per statement.
 */
export async function insertLog(
  pool: pg.Pool,
  items: LogItem[],
  versions: VersionBook,
  opts: { chunk?: number; onProgress?: (done: number) => void } = {},
): Promise<void> {
  const byOrg = new Map<string, LogItem[]>();
  for (const item of items) {
    const list = byOrg.get(item.orgId);
    if (list) list.push(item);
    else byOrg.set(item.orgId, [item]);
  }
  let done = 0;
  await Promise.all(
    [...byOrg.values()].map((stream) =>
      insertStream(pool, stream, versions, opts.chunk ?? 5000, (n) => opts.onProgress?.((done += n))),
    ),
  );
}

async function insertStream(pool: pg.Pool, items: LogItem[], versions: VersionBook, size: number, onChunk: (n: number) => void) {
  for (let at = 0; at < items.length; at += size) {
    const part = items.slice(at, at + size);
    const cols = { id: [], org: [], type: [], occurred: [], actorId: [], actorType: [], entityId: [], entityType: [], payload: [], version: [] } as Record<
      string,
      unknown[]
    >;
    for (const { orgId, event: e } of part) {
      const key = `${orgId}:${e.primary_entity.type}:${e.primary_entity.id}`;
      const version = (versions.get(key) ?? 0) + 1;
      versions.set(key, version);
      cols.id!.push(e.id);
      cols.org!.push(orgId);
      cols.type!.push(e.event_type);
      cols.occurred!.push(e.occurred_at);
      cols.actorId!.push((e.actor ?? ACTOR).id);
      cols.actorType!.push((e.actor ?? ACTOR).type);
      cols.entityId!.push(e.primary_entity.id);
      cols.entityType!.push(e.primary_entity.type);
      cols.payload!.push(JSON.stringify(e.payload));
      cols.version!.push(version);
    }
    await pool.query(
      `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id,
                                  primary_entity_type, payload, entity_version)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::uuid[], $6::text[], $7::uuid[],
                            $8::text[], $9::jsonb[], $10::int[])`,
      [cols.id, cols.org, cols.type, cols.occurred, cols.actorId, cols.actorType, cols.entityId, cols.entityType, cols.payload, cols.version],
    );
    onChunk(part.length);
  }
}
