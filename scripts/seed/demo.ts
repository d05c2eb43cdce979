import type pg from "pg";
import { appendEvents } from "~/server/events/append";
import { createOrg } from "~/server/orgs/create-org";
import { DEMO_EMAIL, DEMO_ORG_NAME, DEMO_PASSWORD, demoEvents } from "./demo-events";

export type DemoResult = { created: boolean; email: string; password: string; orgId: string };

/**
 * Creates the "Demo Bakery" org with its user and a small realistic history, once: when the org
 * exists it is left alone (its events are only added if a first run stopped before them).
 */
export async function seedDemo(pool: pg.Pool, { now }: { now: Date }): Promise<DemoResult> {
  let org = await findDemo(pool);
  let created = false;
  if (!org) {
    try {
      const made = await createOrg(pool, { name: DEMO_ORG_NAME, email: DEMO_EMAIL, password: DEMO_PASSWORD, userName: "Demo Baker" });
      org = { orgId: made.orgId, userId: made.userId, events: 0 };
      created = true;
    } catch (e) {
      org = await findDemo(pool); // another process created it at the same moment
      if (!org) throw e;
    }
  }
  if (org.events === 0) {
    // One batch: atomic, so the demo has all of its history or none of it.
    await appendEvents(pool, { orgId: org.orgId }, demoEvents(now, { id: org.userId, type: "user" }));
  }
  return { created, email: DEMO_EMAIL, password: DEMO_PASSWORD, orgId: org.orgId };
}

async function findDemo(pool: pg.Pool) {
  const res = await pool.query<{ org_id: string; user_id: string; events: number }>(
    `SELECT o.id AS org_id, u.id AS user_id, (SELECT count(*)::int FROM system_events e WHERE e.org_id = o.id) AS events
       FROM orgs o JOIN users u ON u.org_id = o.id
      WHERE o.name = $1 ORDER BY o.created_at, u.created_at LIMIT 1`,
    [DEMO_ORG_NAME],
  );
  const r = res.rows[0];
  return r ? { orgId: r.org_id, userId: r.user_id, events: r.events } : null;
}
