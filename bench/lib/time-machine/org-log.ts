// Bench setup only: one org's realistic history (the seed generator's stories) with record
// times of its own: most events recorded seconds to minutes after they occurred, a share recorded
// late (hours to days: imports, offline devices), so that record order ≠ business-time order.
import type pg from "pg";
import type { SystemEventInput } from "../../../src/domain/events";
import { generateOrgEvents, planOrgs } from "../../../scripts/seed/generate";
import { createRng } from "../../../scripts/seed/prng";

const HOUR = 3_600_000;
const ACTOR = { id: "0190b000-0000-7000-8000-0000000000b1", type: "system" as const };

export type TimedEvent = { event: SystemEventInput; createdMs: number };

/**
 * About `entities` entities and exactly `events` events: the seed's stories for the entities,
 * notes on them for the rest; each event recorded after it occurred, `lateShare` of them late.
 * Returned in record order (the log's order).
 */
export function timeMachineLog(seed: string, events: number, entities: number, lateShare: number, now: Date): TimedEvent[] {
  // The seed makes about one entity per three events.
  const plan = { ...planOrgs(seed, 1, Math.round(entities * 2.95))[0]!, events: Math.round(entities * 2.95) };
  const stories = generateOrgEvents(seed, plan, new Date(now.getTime() - HOUR));
  const rng = createRng(`${seed}/time-machine`);
  const all: SystemEventInput[] = [...stories];
  const firsts = new Map<string, { ref: SystemEventInput["primary_entity"]; at: number }>();
  for (const e of stories) {
    const k = `${e.primary_entity.type}:${e.primary_entity.id}`;
    if (!firsts.has(k)) firsts.set(k, { ref: e.primary_entity, at: Date.parse(e.occurred_at) });
  }
  const refs = [...firsts.values()];
  while (all.length < events) {
    const { ref, at } = refs[rng.int(0, refs.length - 1)]!;
    const occurred = at + rng.next() * Math.max(0, now.getTime() - HOUR - at);
    all.push({
      id: rng.uuid(),
      event_type: "note_added",
      occurred_at: new Date(Math.floor(occurred)).toISOString(),
      actor: ACTOR,
      primary_entity: ref,
      payload: { text: "called, left a message" },
    } as SystemEventInput);
  }
  const timed = all.slice(0, events).map((event) => {
    const occ = Date.parse(event.occurred_at);
    const delay = rng.next() < lateShare ? HOUR + rng.next() * 7 * 24 * HOUR : 1000 + rng.next() * 10 * 60_000;
    return { event, createdMs: Math.min(occ + delay, now.getTime() - 1000) };
  });
  return timed.sort((a, b) => a.createdMs - b.createdMs);
}

/** Inserts the log in record order with its record times (entity versions in log order, as the append path gives them). */
export async function insertTimedLog(pool: pg.Pool, orgId: string, log: TimedEvent[], chunk = 5000): Promise<void> {
  const versions = new Map<string, number>();
  for (let at = 0; at < log.length; at += chunk) {
    const part = log.slice(at, at + chunk);
    const c = { id: [] as string[], type: [] as string[], occ: [] as string[], eid: [] as string[], etype: [] as string[], payload: [] as string[], version: [] as number[], created: [] as string[] };
    for (const { event: e, createdMs } of part) {
      const k = `${e.primary_entity.type}:${e.primary_entity.id}`;
      const v = (versions.get(k) ?? 0) + 1;
      versions.set(k, v);
      c.id.push(e.id);
      c.type.push(e.event_type);
      c.occ.push(e.occurred_at);
      c.eid.push(e.primary_entity.id);
      c.etype.push(e.primary_entity.type);
      c.payload.push(JSON.stringify(e.payload));
      c.version.push(v);
      c.created.push(new Date(createdMs).toISOString());
    }
    await pool.query(
      `INSERT INTO system_events (id, org_id, event_type, occurred_at, actor_id, actor_type, primary_entity_id, primary_entity_type,
                                  payload, entity_version, created_at)
       SELECT t.id, $2, t.type, t.occ, $3, 'system', t.eid, t.etype, t.payload, t.version, t.created
         FROM unnest($1::uuid[], $4::text[], $5::timestamptz[], $6::uuid[], $7::text[], $8::jsonb[], $9::int[], $10::timestamptz[])
           AS t(id, type, occ, eid, etype, payload, version, created)`,
      [c.id, orgId, ACTOR.id, c.type, c.occ, c.eid, c.etype, c.payload, c.version, c.created],
    );
  }
}
