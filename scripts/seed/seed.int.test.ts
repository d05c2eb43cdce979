import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SystemEventInput } from "~/domain/events";
import { createTestDb, type TestDb } from "../../tests/helpers/test-db";
import { orgForApiKey } from "~/server/auth/api-keys";
import { generateOrgEvents, planOrgs } from "./generate";
import { seedDatabase } from "./write";

const NOW = new Date("2026-11-26T12:00:00Z");
const OPTS = { seed: "int-test", orgs: 2, events: 4000, now: NOW, batchSize: 500, concurrency: 3 };

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb(4);
});
afterAll(async () => {
  await db?.drop();
});

describe("db:seed", () => {
  it("appends every generated event through the append path, each entity in its generated order", async () => {
    const result = await seedDatabase(db.pool, OPTS);
    expect(result).toMatchObject({ appended: 4000, duplicates: 0 });
    expect(result.orgs.map((o) => o.created)).toEqual([true, true]);
    for (const org of result.orgs) expect(await orgForApiKey(db.pool, org.apiKey)).toMatchObject({ orgId: org.orgId });

    for (const plan of planOrgs(OPTS.seed, OPTS.orgs, OPTS.events)) {
      const stored = await db.pool.query<{ id: string; primary_entity_id: string }>(
        "SELECT id, primary_entity_id FROM system_events WHERE org_id = $1 ORDER BY primary_entity_id, entity_version",
        [plan.orgId],
      );
      expect(stored.rowCount).toBe(plan.events);
      expect(plan.events).toBeGreaterThan(1500); // both orgs got a real share
      const perEntity = (rows: { id: string; entity: string }[]) => {
        const m = new Map<string, string[]>();
        for (const r of rows) m.set(r.entity, [...(m.get(r.entity) ?? []), r.id]);
        return m;
      };
      const generated: SystemEventInput[] = generateOrgEvents(OPTS.seed, plan, NOW);
      expect(perEntity(stored.rows.map((r) => ({ id: r.id, entity: r.primary_entity_id })))).toEqual(
        perEntity(generated.map((e) => ({ id: e.id, entity: e.primary_entity.id }))),
      );
    }
  });

  it("appends nothing new when run again with the same seed", async () => {
    const again = await seedDatabase(db.pool, OPTS);
    expect(again).toMatchObject({ appended: 0, duplicates: 4000 });
    expect(again.orgs.map((o) => [o.created, o.password])).toEqual([[false, null], [false, null]]);
    for (const org of again.orgs) expect(await orgForApiKey(db.pool, org.apiKey)).toMatchObject({ orgId: org.orgId });
    const total = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM system_events");
    expect(total.rows[0]!.n).toBe(4000);
    expect((await db.pool.query("SELECT 1 FROM orgs")).rowCount).toBe(2);
  });
});
